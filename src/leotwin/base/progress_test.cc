#include "leotwin/base/progress.h"

#include <gtest/gtest.h>

namespace leotwin {
namespace {

TEST(ProgressBarTest, RendersFractionAndCounts) {
  const std::string half = ProgressBar::Render("work", 50, 100, 10, 5.0);
  EXPECT_NE(half.find("[#####-----]"), std::string::npos) << half;
  EXPECT_NE(half.find("50.0%"), std::string::npos) << half;
  EXPECT_NE(half.find("(50/100)"), std::string::npos) << half;
  EXPECT_NE(half.find("eta 5s"), std::string::npos) << half;
}

TEST(ProgressBarTest, ClampsOverrun) {
  const std::string over = ProgressBar::Render("work", 150, 100, 4, 1.0);
  EXPECT_NE(over.find("[####]"), std::string::npos) << over;
  EXPECT_NE(over.find("100.0%"), std::string::npos) << over;
}

TEST(ProgressBarTest, DisabledBarWritesNothing) {
  testing::internal::CaptureStderr();
  {
    ProgressBar bar("quiet", 10, /*enabled=*/false);
    for (int i = 0; i < 10; ++i) bar.Advance();
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace leotwin
