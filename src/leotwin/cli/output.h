// Outputs that never leave a partial file behind. Every file a command writes goes through
// OutputFile: the bytes go to a temporary file in the destination's folder, and Commit() flushes,
// syncs, checks and renames it into place, so a full disk, a file-size limit or a crash leaves the
// old file (or none) rather than a truncated one. Errors name the path and the OS error.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "leotwin/base/status.h"

namespace leotwin::cli {

class OutputFile {
 public:
  // Opens the temporary file beside `path`. A path that is not a regular file (a device such as
  // /dev/stdout or /dev/full, a FIFO) is written in place and checked the same way. "-" is
  // standard output.
  static StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& path);
  ~OutputFile();  // Removes the temporary file unless Commit() succeeded.

  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();
  const std::string& path() const { return path_; }

  // Flushes and checks every byte, syncs and renames the file into place.
  Status Commit();

 private:
  class FdBuffer;
  OutputFile(std::string path, std::string temp_path, int fd);

  std::string path_;
  std::string temp_path_;  // Empty when writing in place.
  int fd_ = -1;
  std::unique_ptr<FdBuffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

// Creates `dir` (and its parents) unless it exists; an error names it if it is not a folder.
Status EnsureDirectory(const std::string& dir);

// Checks that everything printed to standard output reached it (called once, at exit).
Status FlushStandardOutput();

}  // namespace leotwin::cli
