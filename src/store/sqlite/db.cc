#include "store/sqlite/db.h"

namespace cx::sqlite {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = IoError("sqlite: {} (in: {})", sqlite3_errmsg(db_), sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return s;
}

Status Stmt::Run() {
  for (;;) {
    ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  sqlite3_reset(stmt_);
  return Status::Ok();
}

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

Result<Db> Db::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                               nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return IoError("{}: cannot open the store: {}", path, msg);
  }
  sqlite3_extended_result_codes(db, 1);
  return Db(db);
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Status st = IoError("sqlite: {} (in: {})", err ? err : "error", s.substr(0, 200));
    sqlite3_free(err);
    return st;
  }
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return IoError("sqlite: {} (in: {})", sqlite3_errmsg(db_), sql);
  }
  return Stmt(db_, stmt);
}

}  // namespace cx::sqlite
