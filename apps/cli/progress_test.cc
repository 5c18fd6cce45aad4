// ProgressBar on a terminal: stderr goes to a pseudo-terminal for each test, and the test reads
// what a user would see.
#include "progress.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace cx::cli {
namespace {

using std::chrono::milliseconds;

// While it lives, stderr is the slave side of a new pseudo-terminal; Seen() reads what was
// written to it so far.
class TerminalStderr {
 public:
  TerminalStderr() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) return;
    const int slave = open(ptsname(master_), O_RDWR | O_NOCTTY);
    if (slave < 0) return;
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    dup2(slave, STDERR_FILENO);
    close(slave);
    fcntl(master_, F_SETFL, O_NONBLOCK);
  }
  ~TerminalStderr() {
    if (saved_ >= 0) {
      std::fflush(stderr);
      dup2(saved_, STDERR_FILENO);
      close(saved_);
    }
    if (master_ >= 0) close(master_);
  }
  bool ok() const { return saved_ >= 0; }
  std::string Seen() {
    std::fflush(stderr);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(master_, buf, sizeof buf)) > 0;) out.append(buf, n);
    return out;
  }

 private:
  int master_ = -1, saved_ = -1;
};

constexpr char kErase[] = "\r\033[K";

// Each test's stderr is a terminal of its own.
class ProgressBarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!terminal.ok()) GTEST_SKIP() << "no pseudo-terminal on this machine";
  }
  TerminalStderr terminal;
};

TEST_F(ProgressBarTest, AfterItsDelayABarDrawsAndFinishErasesIt) {
  ProgressBar bar("load", milliseconds(500));
  bar.Update(0.1, 10);
  EXPECT_EQ(terminal.Seen(), "") << "drawn before its delay";
  std::this_thread::sleep_for(milliseconds(550));
  bar.Update(0.5, 500);
  const std::string drawn = terminal.Seen();
  EXPECT_EQ(drawn.rfind(kErase, 0), 0u) << drawn;
  EXPECT_NE(drawn.find("load [###############               ]  50%  500 ("), std::string::npos)
      << drawn;
  bar.Finish();
  EXPECT_EQ(terminal.Seen(), kErase);
  bar.Update(0.9, 900);
  EXPECT_EQ(terminal.Seen(), "") << "drawn after Finish";
}

// The score's phase follows the load's at once on a bar that has shown: no second delay, no
// rate from the few microseconds since it began, and the line is clear while the caller prints
// between the phases.
TEST_F(ProgressBarTest, ANextPhaseDrawsAtOnceWhenTheBarHasShown) {
  ProgressBar bar("load", milliseconds(100));
  std::this_thread::sleep_for(milliseconds(150));
  bar.Update(0.99, 990);
  ASSERT_NE(terminal.Seen().find("load ["), std::string::npos);
  bar.Restart("score");
  EXPECT_EQ(terminal.Seen(), kErase);
  bar.Update(0.3, 10);
  // Drawn at once; a rate follows only if 0.1 s passed since the Restart (a busy machine).
  const std::string score = terminal.Seen();
  EXPECT_EQ(score.rfind(std::string(kErase) + "score [#########                     ]  30%  10", 0),
            0u)
      << score;
  std::this_thread::sleep_for(milliseconds(150));
  bar.Update(0.4, 0);  // Nothing counted: no count, no rate.
  EXPECT_EQ(terminal.Seen(), std::string(kErase) + "score [############                  ]  40%");
  std::this_thread::sleep_for(milliseconds(150));
  bar.Update(0.6, 3000);
  const std::string later = terminal.Seen();
  EXPECT_NE(later.find("score [##################            ]  60%  3000 ("), std::string::npos)
      << later;
  EXPECT_NE(later.find("s left)"), std::string::npos) << later;
}

// A rate under 10 a second keeps a decimal: a close does a few contracts a second, not "0/s".
TEST_F(ProgressBarTest, ASlowRateKeepsADecimal) {
  ProgressBar bar("close", milliseconds(0));
  std::this_thread::sleep_for(milliseconds(500));
  bar.Update(0.5, 1);
  const std::string seen = terminal.Seen();
  EXPECT_NE(seen.find("close [###############               ]  50%  1 ("), std::string::npos)
      << seen;
  // About 2 a second (one item in 0.5 s, more on a busy machine): "1 (2.0/s, ...".
  const size_t open = seen.find("1 ("), per = seen.find("/s,");
  ASSERT_TRUE(open != std::string::npos && per != std::string::npos) << seen;
  const std::string rate = seen.substr(open + 3, per - open - 3);
  EXPECT_EQ(rate.size(), 3u) << rate;
  EXPECT_EQ(rate[1], '.') << rate;
}

// A bar that has not shown yet keeps the delay from its first phase across a Restart: a
// short load and a short score draw nothing, a long pair draws once the first delay is over.
// (The checks that nothing drew have 400 ms of margin against a busy machine.)
TEST_F(ProgressBarTest, ADelayCountsFromTheFirstPhase) {
  ProgressBar bar("load", milliseconds(1000));
  bar.Update(0.5, 50);
  std::this_thread::sleep_for(milliseconds(600));
  bar.Update(1, 100);
  bar.Restart("score");
  bar.Update(0.5, 50);
  EXPECT_EQ(terminal.Seen(), "");
  // 1.2 s since the load began, 0.6 s since the score did.
  std::this_thread::sleep_for(milliseconds(600));
  bar.Update(0.7, 70);
  EXPECT_NE(terminal.Seen().find("score ["), std::string::npos);
}

TEST(ProgressBarOffATerminalTest, NothingDraws) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  std::fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  dup2(fileno(file), STDERR_FILENO);
  {
    ProgressBar bar("load", milliseconds(0));
    bar.Update(0.5, 1);
    bar.Restart("score");
    bar.Update(0.5, 1);
  }
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  EXPECT_EQ(std::ftell(file), 0);
  std::fclose(file);
}

}  // namespace
}  // namespace cx::cli
