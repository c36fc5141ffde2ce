#include "leotwin/cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <streambuf>
#include <vector>

#include "fmt/format.h"

namespace leotwin::cli {
namespace {

std::string FolderOf(const std::string& path) {
  const std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : ".";
}

}  // namespace

// A stream buffer over a file descriptor that remembers the first write error (errno), which
// std::ofstream does not expose.
class OutputFile::FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_(fd), buffer_(1 << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const { return error_; }

  bool FlushAll() {
    char* p = pbase();
    while (p < pptr() && error_ == 0) {
      const ssize_t n = ::write(fd_, p, pptr() - p);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
      } else {
        p += n;
      }
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!FlushAll()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return FlushAll() ? 0 : -1; }

 private:
  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

OutputFile::OutputFile(std::string path, std::string temp_path, int fd)
    : path_(std::move(path)),
      temp_path_(std::move(temp_path)),
      fd_(fd),
      buffer_(std::make_unique<FdBuffer>(fd)),
      stream_(std::make_unique<std::ostream>(buffer_.get())) {}

OutputFile::~OutputFile() {
  if (fd_ >= 0 && fd_ != STDOUT_FILENO) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("empty output path");
  if (path == "-") {
    std::fflush(stdout);  // Keep what was printed through stdio before our bytes.
    return std::unique_ptr<OutputFile>(new OutputFile("standard output", "", STDOUT_FILENO));
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return ErrnoError(EISDIR, "cannot write " + path);
    if (!S_ISREG(st.st_mode)) {  // A device or FIFO: nothing to replace, write in place.
      const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return ErrnoError(errno, "cannot write " + path);
      return std::unique_ptr<OutputFile>(new OutputFile(path, "", fd));
    }
  }
  std::string temp = fmt::format("{}/.{}.tmp-XXXXXX", FolderOf(path),
                                 std::filesystem::path(path).filename().string());
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return ErrnoError(errno, "cannot write " + path);
  // mkstemp creates the file 0600; give it the mode a plain open() would have.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  return std::unique_ptr<OutputFile>(new OutputFile(path, std::move(temp), fd));
}

std::ostream& OutputFile::stream() { return *stream_; }

Status OutputFile::Commit() {
  stream_->flush();
  if (!buffer_->FlushAll() || !*stream_) {
    return ErrnoError(buffer_->error() ? buffer_->error() : EIO, "cannot write " + path_);
  }
  if (temp_path_.empty()) {
    if (fd_ != STDOUT_FILENO) {
      const int fd = fd_;
      fd_ = -1;
      if (::close(fd) != 0) return ErrnoError(errno, "cannot write " + path_);
    }
    committed_ = true;
    return absl::OkStatus();
  }
  if (::fsync(fd_) != 0) return ErrnoError(errno, "cannot write " + path_);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return ErrnoError(errno, "cannot write " + path_);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return ErrnoError(errno, "cannot write " + path_);
  }
  committed_ = true;
  return absl::OkStatus();
}

Status EnsureDirectory(const std::string& dir) {
  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) return absl::OkStatus();
  if (std::filesystem::exists(dir, error)) return ErrnoError(ENOTDIR, "cannot use folder " + dir);
  std::filesystem::create_directories(dir, error);
  if (error) return ErrnoError(error.value(), "cannot create folder " + dir);
  return absl::OkStatus();
}

Status FlushStandardOutput() {
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
    // The failed write may have happened in an earlier flush, whose errno is gone by now.
    if (errno == 0) return absl::UnavailableError("cannot write standard output: write error");
    return ErrnoError(errno, "cannot write standard output");
  }
  return absl::OkStatus();
}

}  // namespace leotwin::cli
