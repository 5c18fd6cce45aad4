#include "ingest/ingest.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

const char* kHeader =
    "contact_id,partner,channel,arrived_at,answered_at,abandoned,customer_id\n";

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenSqliteStore(dir_ / "s.db");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  Result<IngestReport> Load(const std::string& name, const std::string& body,
                            double max_bad = 0.5) {
    IngestOptions o;
    o.max_bad_share = max_bad;
    return IngestCanonicalFile(*store_, Kind::kContacts, dir_.Write(name, body), o);
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(IngestTest, ResentFileChangesNothing) {
  std::string body = std::string(kHeader) +
                     "1,atlas,voice,2026-03-02T14:15:07Z,2026-03-02T14:15:20Z,false,k1\n"
                     "2,atlas,chat,2026-03-02T14:16:07Z,,true,k1\n";
  auto first = Load("a.csv", body);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->counts.inserted, 2);
  auto second = Load("a.csv", body);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->counts.inserted, 0);
  EXPECT_EQ(second->counts.unchanged, 2);
  EXPECT_EQ(*store_->CountRows(Kind::kContacts), 2);
  EXPECT_EQ(*store_->CountHistory(Kind::kContacts), 0);
}

TEST_F(IngestTest, CorrectionReplacesAndKeepsHistory) {
  ASSERT_TRUE(Load("a.csv", std::string(kHeader) +
                                "1,atlas,voice,2026-03-02T14:15:07Z,2026-03-02T14:15:20Z,false,k1\n")
                  .ok());
  auto r = Load("b.csv", std::string(kHeader) +
                             "1,atlas,voice,2026-03-02T14:15:07Z,2026-03-02T14:15:40Z,false,k1\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->counts.corrected, 1);
  EXPECT_EQ(*store_->CountRows(Kind::kContacts), 1);
  EXPECT_EQ(*store_->CountHistory(Kind::kContacts), 1);
}

// A partner user's upload (only_partner) adds rows and corrects its own, but a survey_id
// stored for another partner is not its to replace: the load fails and stores nothing.
TEST_F(IngestTest, AnUploadOnlyForOnePartnerCannotReplaceAnotherPartnersRow) {
  const std::string header = "survey_id,partner,customer_id,responded_at,nps\n";
  auto load = [&](const std::string& name, const std::string& rows, std::string only) {
    IngestOptions o;
    o.only_partner = std::move(only);
    return IngestCanonicalFile(*store_, Kind::kSurveys, dir_.Write(name, header + rows), o);
  };
  ASSERT_TRUE(load("all.csv",
                   "s1,delta,k,2026-03-02T14:15:07Z,3\n"
                   "s2,atlas,k,2026-03-02T14:15:07Z,9\n",
                   "")
                  .ok());
  auto own = load("atlas.csv",
                  "s2,atlas,k,2026-03-02T14:15:07Z,10\n"
                  "s3,atlas,k,2026-03-03T14:15:07Z,8\n",
                  "atlas");
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->counts.corrected, 1);
  EXPECT_EQ(own->counts.inserted, 1);
  auto theirs = load("hijack.csv",
                     "s4,atlas,k,2026-03-04T14:15:07Z,7\n"
                     "s1,atlas,k,2026-03-02T14:15:07Z,10\n",
                     "atlas");
  ASSERT_FALSE(theirs.ok());
  EXPECT_EQ(theirs.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(theirs.status().message().find("record 2"), std::string::npos)
      << theirs.status().message();
  EXPECT_EQ(theirs.status().message().find("delta"), std::string::npos);  // Names no partner.
  EXPECT_EQ(*store_->CountRows(Kind::kSurveys), 3);                       // s4 was not kept either.
  EXPECT_EQ(*store_->CountHistory(Kind::kSurveys), 1);
  // The client may.
  auto client = load("client.csv", "s1,atlas,k,2026-03-02T14:15:07Z,10\n", "");
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ(client->counts.corrected, 1);
}

TEST_F(IngestTest, LastValidRowOfTheFileWinsAndBadCorrectionIsIgnored) {
  std::string body = std::string(kHeader) +
                     "1,atlas,voice,2026-03-02T14:15:07Z,2026-03-02T14:15:20Z,false,k1\n"
                     "1,atlas,voice,2026-03-02T14:15:07Z,2026-03-02T14:15:30Z,false,k1\n"
                     "1,atlas,fax,2026-03-02T14:15:07Z,2026-03-02T14:15:40Z,false,k1\n"
                     "1,bluepeak,voice,2026-03-02T14:15:07Z,,true,k1\n";
  auto r = Load("c.csv", body);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->counts.read, 4);
  EXPECT_EQ(r->counts.inserted, 2);  // (atlas,1) and (bluepeak,1) are two contacts.
  EXPECT_EQ(r->counts.superseded, 1);
  EXPECT_EQ(r->counts.quarantined, 1);
  EXPECT_EQ(r->reasons.at("unknown_channel"), 1);
  auto again = Load("c.csv", body);
  EXPECT_EQ(again->counts.unchanged, 2);
  EXPECT_EQ(again->counts.corrected, 0);
  EXPECT_EQ(*store_->CountHistory(Kind::kContacts), 0);
  auto q = store_->ListQuarantine();
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].record, 3);
  EXPECT_EQ((*q)[0].line, 4);
  EXPECT_EQ((*q)[0].field, "channel");
  EXPECT_EQ((*q)[0].value, "fax");
}

TEST_F(IngestTest, TooManyBadRowsLoadsNothing) {
  std::string body = std::string(kHeader) +
                     "1,atlas,voice,2026-03-02T14:15:07Z,,false,k1\n"
                     "2,atlas,voice,yesterday,,false,k1\n";
  auto r = Load("bad.csv", body, 0.05);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("bad.csv:3: record 2: bad_timestamp in arrived_at"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(*store_->CountRows(Kind::kContacts), 0);
  EXPECT_TRUE(store_->ListLoads()->empty());
  EXPECT_TRUE(store_->ListQuarantine()->empty());
}

TEST_F(IngestTest, JsonLinesLoadLikeCsv) {
  std::string body =
      "{\"contact_id\":\"1\",\"partner\":\"atlas\",\"channel\":\"voice\","
      "\"arrived_at\":\"2026-03-02T14:15:07Z\",\"customer_id\":\"k1\",\"abandoned\":false,\"handle_seconds\":12.5}\n";
  IngestOptions o;
  auto r = IngestCanonicalFile(*store_, Kind::kContacts, dir_.Write("j.jsonl", body), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->counts.inserted, 1);
}

TEST_F(IngestTest, GzippedCsvAndJsonLinesLoad) {
  const std::string csv = std::string(kHeader) +
                          "1,atlas,voice,2026-03-02T14:15:07Z,2026-03-02T14:15:20Z,false,k1\n";
  const std::string jsonl =
      "{\"contact_id\":\"2\",\"partner\":\"atlas\",\"channel\":\"chat\","
      "\"arrived_at\":\"2026-03-02T14:15:07Z\",\"customer_id\":\"k1\"}\n";
  for (auto [name, body] : {std::pair{"a.csv.gz", csv}, std::pair{"b.jsonl.gz", jsonl}}) {
    auto path = dir_ / name;
    gzFile gz = gzopen(path.c_str(), "wb");
    gzwrite(gz, body.data(), static_cast<unsigned>(body.size()));
    gzclose(gz);
    auto r = IngestCanonicalFile(*store_, Kind::kContacts, path, IngestOptions{});
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().ToString();
    EXPECT_EQ(r->counts.inserted, 1) << name;
  }
  EXPECT_EQ(*store_->CountRows(Kind::kContacts), 2);
}

}  // namespace
}  // namespace cx
