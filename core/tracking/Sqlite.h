#pragma once
// A thin RAII layer over the libsqlite3 C API (not QtSql: core/ stays Qt-free). Errors become
// tweetlab::IoError naming the database file and the statement.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tweetlab::tracking {

class SqliteStatement;

class SqliteDb {
 public:
  // Opens (creating if needed) with WAL journaling and a busy timeout, so that several processes
  // (the GUI and the CLI) can write the same store at once.
  explicit SqliteDb(const std::filesystem::path& file, int busyTimeoutMs = 10000);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(std::string_view sql);
  SqliteStatement prepare(std::string_view sql);
  std::int64_t lastInsertRowId() const;
  int changes() const;
  int userVersion();
  void setUserVersion(int version);
  const std::filesystem::path& file() const { return file_; }
  sqlite3* handle() const { return db_; }
  [[noreturn]] void fail(std::string_view what) const;

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

// One prepared statement; bind() is 1-based like SQLite; step() returns true while rows come.
class SqliteStatement {
 public:
  SqliteStatement(SqliteDb& db, sqlite3_stmt* stmt, std::string sql);
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, std::string_view value);
  SqliteStatement& bind(int index, const char* value) {
    return bind(index, std::string_view(value));
  }
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, int value) {
    return bind(index, static_cast<std::int64_t>(value));
  }
  SqliteStatement& bind(int index, double value);  // NaN is stored as NULL by SQLite
  SqliteStatement& bindNull(int index);
  SqliteStatement& bind(int index, const std::optional<double>& value);

  bool step();
  void run();  // step() once, expecting no rows
  void reset();

  bool isNull(int column) const;
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;  // NULL -> NaN

 private:
  SqliteDb* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when an exception leaves the scope. IMMEDIATE takes the
// write lock up front, so two writers wait on the busy timeout instead of deadlocking.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

}  // namespace tweetlab::tracking
