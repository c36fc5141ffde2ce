// LEOTWIN_DCHECK compiled out (as in release, whatever this build's own mode is): the condition is
// never evaluated and a violated contract does not abort.
#undef LEOTWIN_DCHECKS
#define LEOTWIN_DCHECKS 0
#include <gtest/gtest.h>

#include "leotwin/base/check.h"

namespace leotwin {
namespace {

TEST(DcheckDisabledTest, ConditionIsNotEvaluatedAndNothingAborts) {
  static_assert(LEOTWIN_DCHECKS == 0);
  int evaluations = 0;
  LEOTWIN_DCHECK(++evaluations > 100);
  LEOTWIN_DCHECK_MSG(++evaluations < 0, "violated, but compiled out");
  EXPECT_EQ(evaluations, 0);
}

}  // namespace
}  // namespace leotwin
