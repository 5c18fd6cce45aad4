#include "server/close_filter.h"

#include <gtest/gtest.h>

namespace cx::server {
namespace {

using nlohmann::json;

const std::vector<std::string> kPartners = {"atlas", "corvid", "delta", "inhouse-nyc"};

json Document() {
  return json::parse(R"({
    "period": "2026-03", "version": 2, "fingerprint": "abc",
    "partners": [
      {"partner": "corvid", "kpis": [{"metric": "fcr", "value": 0.8}]},
      {"partner": "delta",
       "kpis": [{"metric": "fcr", "value": 0.6}],
       "termination": [{"name": "fcr below the in-house centre",
                        "reason": "fcr below the worst in-house centre for 1 consecutive months: 2026-03 0.6 vs inhouse-nyc 0.71",
                        "evidence": [{"month": "2026-03", "metric": "fcr", "value": 0.6,
                                      "peer": "inhouse-nyc", "peer_value": 0.71}]}],
       "allocation": [{"queue": "billing", "share_bp": 2000, "pool_winner": "corvid",
                       "summary": "corvid won the pool"}]}
    ],
    "allocation": {"for_period": "2026-04", "queues": [
      {"queue": "billing", "pool_winner": "corvid", "summary": "corvid won",
       "shares": [{"partner": "corvid", "share_bp": 8000}, {"partner": "delta", "share_bp": 2000}]},
      {"queue": "sales", "shares": [{"partner": "atlas", "share_bp": 10000}]}]},
    "diff": {"from_version": 1,
             "restated": ["contacts delta/DEL1 (load 9): handle_seconds changed",
                          "contacts corvid/cv2 (load 9): reason changed"],
             "changes": ["/partners[delta]/kpis[fcr]/value: 0.5 -> 0.6",
                         "/partners[delta]/termination[0]/evidence[fcr]/peer_value: 0.69 -> 0.71",
                         "/partners[delta]/termination[0]/reason: fcr below ... 0.69 -> fcr below ... 0.71",
                         "/partners[corvid]/kpis[fcr]/value: 0.7 -> 0.8"]}
  })");
}

TEST(CloseFilterTest, PartnerSeesOnlyItsEntryAndShares) {
  const json out = CloseForPartner(Document(), "delta", kPartners);
  const std::string text = out.dump();
  for (const char* other :
       {"corvid", "atlas", "inhouse-nyc", "cv2", "0.71", "0.69", "8000", "sales"}) {
    EXPECT_EQ(text.find(other), std::string::npos) << other << " in " << text;
  }
  ASSERT_EQ(out["partners"].size(), 1u);
  EXPECT_EQ(out["partners"][0]["partner"], "delta");
  const json& evidence = out["partners"][0]["termination"][0]["evidence"][0];
  EXPECT_EQ(evidence["peer"], kAnotherPartner);
  EXPECT_FALSE(evidence.contains("peer_value"));
  EXPECT_EQ(evidence["value"], 0.6);  // Its own figure stays.
  EXPECT_EQ(out["partners"][0]["termination"][0]["reason"],
            "fcr below the worst in-house centre for 1 consecutive months");
  EXPECT_EQ(out["partners"][0]["allocation"][0]["summary"], "another partner won the pool");
  ASSERT_EQ(out["allocation"]["queues"].size(), 1u);
  EXPECT_EQ(out["allocation"]["queues"][0]["shares"],
            json::parse(R"([{"partner": "delta", "share_bp": 2000}])"));
  EXPECT_EQ(out["diff"]["restated"].size(), 1u);
  EXPECT_EQ(out["diff"]["changes"].size(), 1u);
  EXPECT_EQ(out["version"], 2);
}

TEST(CloseFilterTest, PartnerWithoutEntryGetsNothing) {
  const json out = CloseForPartner(Document(), "bluepeak", kPartners);
  EXPECT_TRUE(out["partners"].empty());
  EXPECT_TRUE(out["allocation"]["queues"].empty());
}

TEST(CloseFilterTest, RedactionKeepsTheOwnNameInsideLongerOnes) {
  const std::vector<std::string> partners = {"nyc", "inhouse-nyc"};
  EXPECT_EQ(RedactOtherPartners("inhouse-nyc beat nyc", "inhouse-nyc", partners),
            "inhouse-nyc beat another partner");
  EXPECT_EQ(RedactOtherPartners("inhouse-nyc beat nyc", "nyc", partners),
            "another partner beat nyc");
}

TEST(CloseFilterTest, MalformedDocumentsDoNotThrow) {
  EXPECT_TRUE(CloseForPartner(json::parse(R"({"partners": 3, "allocation": []})"), "delta",
                              kPartners)["partners"]
                  .empty());
  EXPECT_TRUE(CloseForPartner(json::array(), "delta", kPartners)["partners"].empty());
}

}  // namespace
}  // namespace cx::server
