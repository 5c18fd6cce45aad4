// Touches MIB MiB of fresh memory on THREADS threads (2 MiB pages requested, as cxpact's
// columns are), then exits, and prints how long that took. On the VMs this project is
// measured on, the host takes back memory the guest has not used for a few seconds: touching
// 1200 MiB after 20 s idle took 1.4-1.7 s on two threads (2.1-2.3 s on one), against
// 0.05-0.16 s right after another process had used and freed it (bench/README.md, sessions 4
// and 7). bench/score/ab.sh runs this before each run it times with --warm, so that a
// comparison of two builds measures their work, not the host.
//
// Build: g++ -O2 -std=c++20 -pthread -o touch bench/score/touch.cc
// Usage: touch MIB [THREADS]
#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: touch MIB [THREADS]\n");
    return 2;
  }
  const size_t mib = std::strtoull(argv[1], nullptr, 10);
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  if (mib == 0 || threads < 1) {
    std::fprintf(stderr, "touch: MIB and THREADS must be positive\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  std::atomic<int> failed = 0;  // The errno of an mmap that failed.
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      const size_t bytes = (mib << 20) / threads;
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) {
        failed = errno;
        return;
      }
      madvise(p, bytes, MADV_HUGEPAGE);
      char* c = static_cast<char*>(p);
      for (size_t i = 0; i < bytes; i += 4096) c[i] = 1;
      munmap(p, bytes);
    });
  }
  for (auto& w : workers) w.join();
  if (failed != 0) {
    std::fprintf(stderr, "touch: mmap: %s\n", std::strerror(failed));
    return 1;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("touched %zu MiB on %d threads in %.3f s\n", mib, threads, s);
  return 0;
}
