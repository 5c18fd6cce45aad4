#include "base/file.h"

#include <fstream>
#include <sstream>

namespace cx {

Result<std::string> ReadFileToString(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("{}: cannot read the {}", path.string(), what);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError("{}: cannot read the {}", path.string(), what);
  return text.str();
}

}  // namespace cx
