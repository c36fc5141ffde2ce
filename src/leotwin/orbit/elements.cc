#include "leotwin/orbit/elements.h"

#include <cmath>

namespace leotwin::orbit {

SimTime EpochFromYearDay(int year, double day_of_year) {
  const SimTime jan1 = SimTime::FromCivil(year, 1, 1);
  return jan1 + std::llround((day_of_year - 1.0) * static_cast<double>(SimTime::kNanosPerDay));
}

SimTime::SplitJulianDate ElementSet::EpochJulianDate() const {
  const SimTime jan1 = SimTime::FromCivil(epoch_year, 1, 1);
  const SimTime::SplitJulianDate jan1_jd = jan1.JulianDate();  // fraction is 0 at midnight
  const double whole_days = std::floor(epoch_day_of_year);
  return {jan1_jd.whole + whole_days - 1.0, epoch_day_of_year - whole_days};
}

}  // namespace leotwin::orbit
