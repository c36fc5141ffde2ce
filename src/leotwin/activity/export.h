// Activity rows out: CSV and GeoJSON (cell polygons as in coverage/export.h). Only published rows
// exist in an ActivityReport, so nothing here can leak a suppressed cell.
//
// Columns: cell (S2 token), level, bucket_start (RFC 3339), bucket_s, lat, lon (cell centre),
// terminals, sessions, session_hours, gigabytes, mean_concurrent.
#pragma once

#include <ostream>

#include "leotwin/activity/aggregate.h"
#include "leotwin/base/status.h"

namespace leotwin::activity {

StatusOr<size_t> WriteActivityCsv(std::ostream& out, const ActivityReport& report);
StatusOr<size_t> WriteActivityGeoJson(std::ostream& out, const ActivityReport& report);

}  // namespace leotwin::activity
