#include "store_dump.h"

#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "io/schema.h"

namespace cx::testing {

namespace {

std::string Query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const unsigned char* t = sqlite3_column_text(stmt, c);
      out += t ? reinterpret_cast<const char*>(t) : "<null>";
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace

std::string DumpStore(const std::filesystem::path& db_file) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + db_file.string());
  }
  std::string out;
  for (const KindSpec& k : AllKinds()) {
    std::string cols;
    for (const FieldSpec& f : k.fields) cols += std::string(f.name) + ", ";
    cols += "_fingerprint, _version, _record";
    out += "## " + std::string(k.name) + "\n";
    out += Query(db, "SELECT " + cols + " FROM " + std::string(k.name) + " ORDER BY " + cols);
    out += "## " + std::string(k.name) + "_history\n";
    out += Query(db, "SELECT " + cols + " FROM " + std::string(k.name) + "_history ORDER BY " +
                         cols);
  }
  out += "## quarantine\n";
  out += Query(db,
               "SELECT kind, file, sha256, record, line, field, value, reason, detail FROM "
               "quarantine ORDER BY kind, file, record");
  out += "## loads\n";
  out += Query(db,
               "SELECT kind, file, sha256, rows_read, inserted, unchanged, corrected, stale, "
               "superseded, quarantined FROM loads ORDER BY id");
  sqlite3_close(db);
  return out;
}

int RunCommand(const std::string& command, std::string* out) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return -1;
  std::string buf;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf.append(chunk, n);
  int status = pclose(p);
  if (out) *out = std::move(buf);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cx::testing
