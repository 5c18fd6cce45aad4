// The client-side files of a generated data set: outages of the services partners run for the
// client, and the client's daily business volumes (orders, active subscriptions). Small files,
// made in one go. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>

#include "generate/timeline.h"

namespace cx::gen {

// A few outages per service and month, minutes to hours long, some reported twice with
// overlapping intervals; sorted by start. Returns the number of rows appended.
int64_t AppendOutages(const Timeline& timeline, uint64_t seed, std::string* out);

// `orders` and `active_subscriptions` per local date of the range, scaled to `contacts` (about
// 70 contacts per 1000 orders). Returns the number of rows appended.
int64_t AppendVolumes(const Timeline& timeline, int64_t contacts, uint64_t seed, std::string* out);

}  // namespace cx::gen
