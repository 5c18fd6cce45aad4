// Loading a mapping file: TOML (toml++) into a Mapping, checking every key and naming the line
// of each mistake. The transforms themselves are in mapping_eval.cc, the sources in
// mapping_source.cc.
#include "io/mapping.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <initializer_list>

#include "base/file.h"

namespace cx {

namespace {

int LineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }
int LineOf(const toml::key& k) { return static_cast<int>(k.source().begin.line); }

class Loader {
 public:
  explicit Loader(std::string file) { m_.file = std::move(file); }

  Result<Mapping> Load(const toml::table& root);

 private:
  template <typename... Args>
  Status Fail(int line, fmt::format_string<Args...> f, Args&&... args) const {
    return InvalidArgument("{}:{}: {}", m_.file, line, fmt::format(f, std::forward<Args>(args)...));
  }
  Status CheckKeys(const toml::table& t, std::string_view where,
                   std::initializer_list<std::string_view> allowed) const;
  Result<std::string> Text(const toml::node& n, std::string_view what) const;
  Result<std::vector<std::string>> Texts(const toml::node& n, std::string_view what) const;
  Result<int> Ref(const toml::node& n, std::string_view what);
  Result<std::vector<int>> Refs(const toml::node& n, std::string_view what);
  int RefByName(const std::string& name, int line);
  // `reject` also allows the key "reason".
  Result<Condition> ParseCondition(const toml::table& t, std::string_view where, bool reject);
  Result<std::vector<Condition>> ParseWhen(const toml::node& n, std::string_view where);
  Result<TimeInput> ParseTimeInput(const toml::node& n, std::string_view where,
                                   std::string_view default_format);
  Result<int> ClaimField(const toml::key& name);  // The field's index, once per mapping.
  Status ParseField(const toml::key& name, const toml::node& node);
  Status ParseTemplate(const std::string& text, int line, FieldMapping* f);

  Mapping m_;
  std::vector<bool> mapped_;
};

Status Loader::CheckKeys(const toml::table& t, std::string_view where,
                         std::initializer_list<std::string_view> allowed) const {
  for (auto&& [key, value] : t) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key.str() == a;
    if (!ok) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Fail(LineOf(key), "unknown key '{}' in {} (expected {})", key.str(), where, list);
    }
  }
  return Status::Ok();
}

// Strings, booleans and numbers all stand for the text a CSV cell would hold.
Result<std::string> Loader::Text(const toml::node& n, std::string_view what) const {
  if (auto s = n.value_exact<std::string>()) return *s;
  if (auto b = n.value_exact<bool>()) return std::string(*b ? "true" : "false");
  if (auto i = n.value_exact<int64_t>()) return fmt::format("{}", *i);
  if (auto d = n.value_exact<double>()) return fmt::format("{}", *d);
  return Fail(LineOf(n), "{} must be a string", what);
}

Result<std::vector<std::string>> Loader::Texts(const toml::node& n, std::string_view what) const {
  std::vector<std::string> out;
  if (const toml::array* a = n.as_array()) {
    for (const toml::node& e : *a) {
      ASSIGN_OR_RETURN(std::string s, Text(e, what));
      out.push_back(std::move(s));
    }
    return out;
  }
  ASSIGN_OR_RETURN(std::string s, Text(n, what));
  out.push_back(std::move(s));
  return out;
}

int Loader::RefByName(const std::string& name, int line) {
  for (size_t i = 0; i < m_.refs.size(); ++i) {
    if (m_.refs[i].name == name) return static_cast<int>(i);
  }
  SourceRef r;
  r.name = name;
  r.line = line;
  r.path = m_.format == FileFormat::kCsv ? std::vector<std::string>{name} : SplitJsonPath(name);
  m_.refs.push_back(std::move(r));
  return static_cast<int>(m_.refs.size() - 1);
}

Result<int> Loader::Ref(const toml::node& n, std::string_view what) {
  auto s = n.value_exact<std::string>();
  if (!s || s->empty()) return Fail(LineOf(n), "{} must name a column or JSON path", what);
  return RefByName(*s, LineOf(n));
}

Result<std::vector<int>> Loader::Refs(const toml::node& n, std::string_view what) {
  std::vector<int> out;
  if (const toml::array* a = n.as_array()) {
    if (a->empty()) return Fail(LineOf(n), "{} must name at least one column", what);
    for (const toml::node& e : *a) {
      ASSIGN_OR_RETURN(int r, Ref(e, what));
      out.push_back(r);
    }
    return out;
  }
  ASSIGN_OR_RETURN(int r, Ref(n, what));
  out.push_back(r);
  return out;
}

Result<Condition> Loader::ParseCondition(const toml::table& t, std::string_view where,
                                         bool reject) {
  if (reject) {
    RETURN_IF_ERROR(CheckKeys(t, where, {"column", "in", "not_in", "present", "absent", "reason"}));
  } else {
    RETURN_IF_ERROR(CheckKeys(t, where, {"column", "in", "not_in", "present", "absent"}));
  }
  Condition c;
  for (auto&& [key, value] : t) {
    const std::string what = fmt::format("{}.{}", where, key.str());
    if (key.str() == "column") {
      ASSIGN_OR_RETURN(c.ref, Ref(value, what));
    } else if (key.str() == "in") {
      ASSIGN_OR_RETURN(c.in, Texts(value, what));
    } else if (key.str() == "not_in") {
      ASSIGN_OR_RETURN(c.not_in, Texts(value, what));
    } else if (key.str() == "present") {
      ASSIGN_OR_RETURN(c.present, Refs(value, what));
    } else if (key.str() == "absent") {
      ASSIGN_OR_RETURN(c.absent, Refs(value, what));
    }
  }
  const bool tests_value = t.contains("in") || t.contains("not_in");
  if (tests_value != (c.ref >= 0)) {
    return Fail(LineOf(t), "{}: 'column' goes with 'in' or 'not_in'", where);
  }
  if (c.ref < 0 && c.present.empty() && c.absent.empty()) {
    return Fail(LineOf(t),
                "{}: the condition tests nothing (use column + in/not_in, present or "
                "absent)",
                where);
  }
  return c;
}

// A table (one condition) or an array of tables (any one of them).
Result<std::vector<Condition>> Loader::ParseWhen(const toml::node& n, std::string_view where) {
  std::vector<Condition> out;
  if (const toml::table* t = n.as_table()) {
    ASSIGN_OR_RETURN(Condition c, ParseCondition(*t, where, false));
    out.push_back(std::move(c));
    return out;
  }
  const toml::array* a = n.as_array();
  if (!a || a->empty()) return Fail(LineOf(n), "{} must be a table or an array of tables", where);
  for (const toml::node& e : *a) {
    if (!e.is_table()) return Fail(LineOf(e), "{}: expected tables", where);
    ASSIGN_OR_RETURN(Condition c, ParseCondition(*e.as_table(), where, false));
    out.push_back(std::move(c));
  }
  return out;
}

Result<TimeInput> Loader::ParseTimeInput(const toml::node& n, std::string_view where,
                                         std::string_view default_format) {
  TimeInput in;
  in.format = default_format;
  const toml::table* t = n.as_table();
  if (!t) {
    ASSIGN_OR_RETURN(in.refs, Refs(n, where));
    return in;
  }
  RETURN_IF_ERROR(CheckKeys(*t, where, {"column", "format"}));
  if (!t->contains("column")) return Fail(LineOf(n), "{} needs a 'column'", where);
  ASSIGN_OR_RETURN(in.refs, Refs(*t->get("column"), fmt::format("{}.column", where)));
  if (const toml::node* f = t->get("format")) {
    ASSIGN_OR_RETURN(in.format, Text(*f, "format"));
    if (!IsTimeFormat(in.format, /*named=*/false)) {
      return Fail(LineOf(*f), "{}.format '{}' is not a %-pattern (%Y %y %m %d %H %M %S %F %T)",
                  where, in.format);
    }
  }
  return in;
}

Status Loader::ParseTemplate(const std::string& text, int line, FieldMapping* f) {
  std::string literal;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal += c;
      ++i;
    } else if (c == '{') {
      size_t close = text.find('}', i);
      if (close == std::string::npos || close == i + 1) {
        return Fail(line, "template '{}': '{{' at {} is not closed by a name and '}}'", text, i);
      }
      if (!literal.empty()) f->parts.push_back({std::move(literal), -1});
      literal.clear();
      f->parts.push_back({"", RefByName(text.substr(i + 1, close - i - 1), line)});
      i = close;
    } else if (c == '}') {
      return Fail(line, "template '{}': unmatched '}}' (write '}}}}' for a literal one)", text);
    } else {
      literal += c;
    }
  }
  if (!literal.empty()) f->parts.push_back({std::move(literal), -1});
  return Status::Ok();
}

Result<int> Loader::ClaimField(const toml::key& name) {
  const int index = SpecOf(m_.kind).FieldIndex(name.str());
  if (index < 0)
    return Fail(LineOf(name), "{} has no field '{}'", SpecOf(m_.kind).name, name.str());
  if (mapped_[index]) return Fail(LineOf(name), "field '{}' is mapped twice", name.str());
  mapped_[index] = true;
  return index;
}

Status Loader::ParseField(const toml::key& name, const toml::node& node) {
  ASSIGN_OR_RETURN(const int index, ClaimField(name));
  const FieldSpec& fs = SpecOf(m_.kind).fields[index];
  const std::string where = fmt::format("[fields.{}]", name.str());
  FieldMapping f;
  f.field = index;
  f.line = LineOf(name);
  const toml::table* t = node.as_table();
  if (!t) {  // `arrived_at = "Created"` is a plain rename.
    ASSIGN_OR_RETURN(f.refs, Refs(node, where));
    m_.fields.push_back(std::move(f));
    return Status::Ok();
  }
  RETURN_IF_ERROR(
      CheckKeys(*t, where,
                {"column", "constant", "template", "sum", "date", "time", "midnight_wrap", "format",
                 "map", "default", "missing", "when", "otherwise"}));
  int sources = 0;
  for (std::string_view k : {"column", "constant", "template", "sum", "time"}) {
    sources += t->contains(k);
  }
  if (sources != 1) {
    return Fail(f.line, "{} needs exactly one of column, constant, template, sum or time", where);
  }
  if (const toml::node* n = t->get("column")) {
    ASSIGN_OR_RETURN(f.refs, Refs(*n, where + ".column"));
  } else if (const toml::node* n = t->get("constant")) {
    f.source = FieldSource::kConstant;
    ASSIGN_OR_RETURN(f.constant, Text(*n, where + ".constant"));
  } else if (const toml::node* n = t->get("template")) {
    f.source = FieldSource::kTemplate;
    ASSIGN_OR_RETURN(std::string text, Text(*n, where + ".template"));
    RETURN_IF_ERROR(ParseTemplate(text, LineOf(*n), &f));
  } else if (const toml::node* n = t->get("sum")) {
    f.source = FieldSource::kSum;
    ASSIGN_OR_RETURN(f.refs, Refs(*n, where + ".sum"));
  } else {
    f.source = FieldSource::kDateTime;
    if (fs.type != FieldType::kTimestamp) {
      return Fail(f.line, "{}: date/time make a timestamp, but {} is not one", where, fs.name);
    }
    if (m_.time_zone.empty()) {
      return Fail(f.line, "{}: date/time need the mapping's time_zone", where);
    }
    ASSIGN_OR_RETURN(f.time, ParseTimeInput(*t->get("time"), where + ".time", "%H:%M:%S"));
    if (!t->contains("date")) return Fail(f.line, "{}: 'time' needs a 'date'", where);
    ASSIGN_OR_RETURN(f.date, ParseTimeInput(*t->get("date"), where + ".date", "%Y-%m-%d"));
    if (f.date.refs.size() != 1) return Fail(f.line, "{}.date takes one column", where);
  }
  if (f.source != FieldSource::kDateTime && (t->contains("date") || t->contains("midnight_wrap"))) {
    return Fail(f.line, "{}: 'date' and 'midnight_wrap' go with 'time'", where);
  }
  if (const toml::node* n = t->get("midnight_wrap")) {
    const toml::table* w = n->as_table();
    if (!w) return Fail(LineOf(*n), "{}.midnight_wrap must be a table", where);
    RETURN_IF_ERROR(CheckKeys(*w, where + ".midnight_wrap", {"after", "tolerance"}));
    if (!w->contains("after")) return Fail(LineOf(*n), "{}.midnight_wrap needs 'after'", where);
    ASSIGN_OR_RETURN(f.wrap_ref, Ref(*w->get("after"), where + ".midnight_wrap.after"));
    if (const toml::node* tol = w->get("tolerance")) {
      if (auto secs = tol->value_exact<int64_t>()) {
        f.wrap_tolerance_seconds = *secs;
      } else if (auto p = ParseTimePattern(tol->value_or(std::string()), "%H:%M:%S")) {
        f.wrap_tolerance_seconds = p->hour * 3600 + p->minute * 60 + p->second;
      } else {
        return Fail(LineOf(*tol), "{}.midnight_wrap.tolerance must be seconds or \"h:mm:ss\"",
                    where);
      }
    }
  }
  if (const toml::node* n = t->get("format")) {
    ASSIGN_OR_RETURN(f.format, Text(*n, where + ".format"));
    if (fs.type != FieldType::kTimestamp || f.source != FieldSource::kColumn) {
      return Fail(LineOf(*n), "{}: 'format' applies to a timestamp read from a column", where);
    }
    if (!IsTimeFormat(f.format, /*named=*/true)) {
      return Fail(LineOf(*n), "{}: format '{}' is not auto, epoch, epoch_ms or a %-pattern", where,
                  f.format);
    }
    if (f.format.find('%') != std::string::npos && m_.time_zone.empty()) {
      return Fail(LineOf(*n),
                  "{}: format '{}' reads local times; set time_zone (\"UTC\" if "
                  "they are UTC)",
                  where, f.format);
    }
  }
  if (const toml::node* n = t->get("map")) {
    const toml::table* mt = n->as_table();
    if (!mt) return Fail(LineOf(*n), "{}.map must be a table of text = text", where);
    for (auto&& [from, to] : *mt) {
      ASSIGN_OR_RETURN(std::string text, Text(to, where + ".map value"));
      f.map.emplace_back(std::string(from.str()), std::move(text));
    }
  }
  if (const toml::node* n = t->get("default")) {
    ASSIGN_OR_RETURN(f.map_default, Text(*n, where + ".default"));
  }
  if (const toml::node* n = t->get("missing")) {
    ASSIGN_OR_RETURN(f.missing, Texts(*n, where + ".missing"));
  }
  if (const toml::node* n = t->get("when")) {
    ASSIGN_OR_RETURN(f.when, ParseWhen(*n, where + ".when"));
  }
  if (const toml::node* n = t->get("otherwise")) {
    if (f.when.empty()) return Fail(LineOf(*n), "{}: 'otherwise' needs a 'when'", where);
    ASSIGN_OR_RETURN(f.otherwise, Text(*n, where + ".otherwise"));
  }
  m_.fields.push_back(std::move(f));
  return Status::Ok();
}

Result<Mapping> Loader::Load(const toml::table& root) {
  RETURN_IF_ERROR(
      CheckKeys(root, "the mapping",
                {"description", "kind", "format", "time_zone", "missing", "version_field",
                 "version_format", "require_customer_id", "constants", "fields", "reject"}));
  const toml::node* kind = root.get("kind");
  if (!kind)
    return InvalidArgument("{}:1: the mapping needs 'kind' (contacts, surveys, ...)", m_.file);
  ASSIGN_OR_RETURN(std::string kind_name, Text(*kind, "kind"));
  auto k = KindFromName(kind_name);
  if (!k.ok()) return Fail(LineOf(*kind), "unknown kind '{}'", kind_name);
  m_.kind = *k;
  mapped_.assign(SpecOf(m_.kind).fields.size(), false);

  const toml::node* format = root.get("format");
  if (!format) return InvalidArgument("{}:1: the mapping needs 'format' (csv or json)", m_.file);
  ASSIGN_OR_RETURN(std::string format_name, Text(*format, "format"));
  if (format_name != "csv" && format_name != "json") {
    return Fail(LineOf(*format), "format must be csv or json, not '{}'", format_name);
  }
  m_.format = format_name == "csv" ? FileFormat::kCsv : FileFormat::kJson;
  if (const toml::node* n = root.get("time_zone")) {
    ASSIGN_OR_RETURN(m_.time_zone, Text(*n, "time_zone"));
    try {
      date::locate_zone(m_.time_zone);
    } catch (const std::exception&) {
      return Fail(LineOf(*n), "unknown time zone '{}' (an IANA name such as Europe/Paris)",
                  m_.time_zone);
    }
  }
  if (const toml::node* n = root.get("missing")) {
    ASSIGN_OR_RETURN(m_.missing, Texts(*n, "missing"));
  }
  if (const toml::node* n = root.get("require_customer_id")) {
    auto b = n->value_exact<bool>();
    if (!b) return Fail(LineOf(*n), "require_customer_id must be true or false");
    if (m_.kind != Kind::kContacts) {
      return Fail(LineOf(*n), "require_customer_id applies to contacts only");
    }
    m_.require_customer_id = *b;
  }
  if (const toml::node* n = root.get("version_field")) {
    ASSIGN_OR_RETURN(m_.version_ref, Ref(*n, "version_field"));
  }
  if (const toml::node* n = root.get("version_format")) {
    ASSIGN_OR_RETURN(m_.version_format, Text(*n, "version_format"));
    if (m_.version_format != "integer" && !IsTimeFormat(m_.version_format, true)) {
      return Fail(LineOf(*n),
                  "version_format must be auto, epoch, epoch_ms, integer or a "
                  "%-pattern");
    }
    if (m_.version_format.find('%') != std::string::npos && m_.time_zone.empty()) {
      return Fail(LineOf(*n), "version_format reads local times; set time_zone");
    }
  }
  if (const toml::node* n = root.get("constants")) {
    if (!n->is_table()) return Fail(LineOf(*n), "[constants] must be a table");
    for (auto&& [key, value] : *n->as_table()) {
      FieldMapping f;
      ASSIGN_OR_RETURN(f.field, ClaimField(key));
      f.line = LineOf(key);
      f.source = FieldSource::kConstant;
      ASSIGN_OR_RETURN(f.constant, Text(value, fmt::format("constants.{}", key.str())));
      m_.fields.push_back(std::move(f));
    }
  }
  if (const toml::node* n = root.get("fields")) {
    if (!n->is_table()) return Fail(LineOf(*n), "[fields] must be a table");
    for (auto&& [key, value] : *n->as_table()) RETURN_IF_ERROR(ParseField(key, value));
  }
  if (const toml::node* n = root.get("reject")) {
    const toml::array* a = n->as_array();
    if (!a) return Fail(LineOf(*n), "reject must be an array of tables ([[reject]])");
    for (const toml::node& e : *a) {
      const toml::table* t = e.as_table();
      if (!t) return Fail(LineOf(e), "reject must be an array of tables ([[reject]])");
      RejectRule rule;
      rule.line = LineOf(e);
      const toml::node* reason = t->get("reason");
      if (!reason) return Fail(rule.line, "[[reject]] needs a 'reason'");
      ASSIGN_OR_RETURN(rule.reason, Text(*reason, "reason"));
      ASSIGN_OR_RETURN(rule.when, ParseCondition(*t, "[[reject]]", true));
      m_.rejects.push_back(std::move(rule));
    }
  }
  const KindSpec& spec = SpecOf(m_.kind);
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    if (spec.fields[i].required && !mapped_[i]) {
      return InvalidArgument("{}: {} requires '{}'; map it under [fields.{}] or [constants]",
                             m_.file, spec.name, spec.fields[i].name, spec.fields[i].name);
    }
  }
  return std::move(m_);
}

}  // namespace

Result<Mapping> ParseMapping(std::string_view toml_text, std::string_view file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string(file));
  } catch (const toml::parse_error& e) {
    return InvalidArgument("{}:{}: not valid TOML: {}", file, e.source().begin.line,
                           e.description());
  }
  return Loader(std::string(file)).Load(root);
}

Result<Mapping> LoadMapping(const std::filesystem::path& toml_path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(toml_path, "mapping file"));
  return ParseMapping(text, toml_path.string());
}

}  // namespace cx
