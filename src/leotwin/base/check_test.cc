// LEOTWIN_DCHECK in the build's own mode: in the dev preset (LEOTWIN_DCHECKS=1) a violated contract
// aborts with file, line and condition on stderr; a kept one costs one evaluation.
#include "leotwin/base/check.h"

#include <gtest/gtest.h>

namespace leotwin {
namespace {

int CountedTrue(int* evaluations) {
  ++*evaluations;
  return true;
}

TEST(DcheckTest, KeptContractEvaluatesItsConditionOnceWhenEnabled) {
  int evaluations = 0;
  LEOTWIN_DCHECK(CountedTrue(&evaluations));
  LEOTWIN_DCHECK_MSG(CountedTrue(&evaluations), "never printed");
  EXPECT_EQ(evaluations, LEOTWIN_DCHECKS ? 2 : 0);
}

TEST(DcheckDeathTest, ViolatedContractAbortsNamingFileLineAndCondition) {
#if LEOTWIN_DCHECKS
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const int size = 3;
  EXPECT_DEATH(LEOTWIN_DCHECK(size > 4), R"(check_test\.cc:[0-9]+: contract violated: size > 4)");
  EXPECT_DEATH(LEOTWIN_DCHECK_MSG(size < 0, "sizes are never negative"),
               "contract violated: size < 0: sizes are never negative");
#else
  GTEST_SKIP() << "LEOTWIN_DCHECKS is off in this build (release); see check_disabled_test.cc";
#endif
}

}  // namespace
}  // namespace leotwin
