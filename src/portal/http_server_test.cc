// Hostile-input tests: raw TCP clients against a server on an ephemeral port, with short
// deadlines so the whole file runs in a few seconds.
#include "portal/http_server.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <thread>

#include "base/testing/temp_dir.h"
#include "portal/http_server_test_util.h"
#include "portal/router_auth_routes.h"
#include "portal/static_files.h"

namespace cx {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct RawResponse {
  int status = 0;                              // 0: closed or timed out before a whole response.
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
};

// A blocking TCP client that writes raw bytes and reads raw HTTP/1.1 responses.
class RawClient {
 public:
  explicit RawClient(int port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  int fd() { return socket_.native_handle(); }

  // False once the peer closed or reset the connection.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd(), data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  RawResponse Read(std::chrono::milliseconds timeout = 3000ms) {
    const auto deadline = Clock::now() + timeout;
    size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return {};
    }
    RawResponse r;
    std::string head = pending_.substr(0, end + 2);
    r.status = std::stoi(head.substr(9, 3));
    size_t pos = head.find("\r\n") + 2;
    while (pos < head.size()) {
      size_t eol = head.find("\r\n", pos);
      std::string line = head.substr(pos, eol - pos);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(c));
      r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
      pos = eol + 2;
    }
    size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
    while (pending_.size() < end + 4 + length) {
      if (!Fill(deadline)) return {};
    }
    r.body = pending_.substr(end + 4, length);
    pending_.erase(0, end + 4 + length);
    return r;
  }

  // True when the server closes the connection (EOF or reset) within `timeout`.
  bool WaitClosed(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd(), POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      if (::recv(fd(), buf, sizeof buf, 0) <= 0) return true;
    }
  }

 private:
  bool Fill(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[65536];
    ssize_t n = ::recv(fd(), buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }

  net::io_context ioc_;
  tcp::socket socket_;
  std::string pending_;
};

int64_t RssKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6));
  }
  return 0;
}

class HttpServerTest : public ::testing::Test {
 protected:
  static HttpLimits TestLimits() {
    HttpLimits l;
    l.header_timeout = 1s;
    l.idle_timeout = 2s;
    l.body_timeout = 2s;
    l.upload_timeout = 5s;
    l.write_timeout = 2s;
    l.linger_timeout = 500ms;
    l.max_upload_bytes = 4 << 20;
    return l;
  }

  void StartServer(HttpLimits limits = TestLimits()) {
    dir_.Write("web/index.html", "<html>app</html>");
    dir_.Write("secret.txt", "outside");
    router_ = std::make_unique<Router>(auth_);
    AddAuthRoutes(*router_);
    router_->Add("GET", "/api/v1/partners/{partner}/scorecard",
                 [](const RouteContext& c) -> Result<HttpResponse> {
                   return HttpResponse::Json(200, {{"partner", std::string(c.Param("partner"))}});
                 });
    router_->Add(
        "PUT", "/api/v1/uploads/{partner}",
        [this](const RouteContext& c) -> Result<HttpResponse> {
          upload_file_ = c.request.body_file;
          if (block_uploads_) {  // As a long load would.
            slow_started_.set_value();
            release_future_.wait();
          }
          return HttpResponse::Json(200,
                                    {{"bytes", std::filesystem::file_size(c.request.body_file)},
                                     {"in_memory", c.request.body.size()}});
        },
        RouteOptions{.upload = true});
    // Answers once the test releases it, as a handler waiting for a lock or a long load would.
    router_->Add("GET", "/api/v1/slow", [this](const RouteContext&) -> Result<HttpResponse> {
      slow_started_.set_value();
      release_future_.wait();
      return HttpResponse::Json(200, {{"slow", true}});
    });
    auto files = StaticFiles::Open(dir_ / "web");
    ASSERT_TRUE(files.ok());
    static_.emplace(std::move(*files));
    router_->SetFallback([this](const HttpRequest& r) { return static_->Serve(r); });
    HttpServerOptions options;
    options.port = 0;
    options.limits = limits;
    options.upload_dir = dir_ / "uploads";
    options.trusted_proxy = trusted_proxy_;
    options.threads = io_threads_;
    options.handler_threads = handler_threads_;
    server_ = std::make_unique<HttpServer>(*router_, options);
    ASSERT_TRUE(server_->Start().ok());
  }

  // Logs in over the wire; returns {"cxpact_session=...", csrf}.
  std::pair<std::string, std::string> Login() {
    RawClient c(server_->port());
    std::string body = R"({"user":"admin","password":"pw"})";
    c.Send(
        "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    RawResponse r = c.Read();
    EXPECT_EQ(r.status, 200) << r.body;
    std::string cookie = r.headers["set-cookie"];
    return {cookie.substr(0, cookie.find(';')), nlohmann::json::parse(r.body)["csrf"]};
  }

  RawResponse Get(const std::string& target, const std::string& extra = "") {
    RawClient c(server_->port());
    c.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n");
    return c.Read();
  }

  void TearDown() override { Release(); }  // Stop waits for running handlers.

  void Release() {
    if (!released_.exchange(true)) release_.set_value();
  }

  testing::FakeAuthenticator auth_;
  testing::TempDir dir_;
  int io_threads_ = 2;
  int handler_threads_ = HttpServerOptions().handler_threads;
  bool block_uploads_ = false;
  std::promise<void> slow_started_, release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::atomic<bool> released_{false};
  std::unique_ptr<Router> router_;
  std::optional<StaticFiles> static_;
  std::unique_ptr<HttpServer> server_;
  std::filesystem::path upload_file_;
  std::string trusted_proxy_;
};

TEST_F(HttpServerTest, ServesSessionRoutesAndStaticFilesWithSecurityHeaders) {
  StartServer();
  auto [cookie, csrf] = Login();
  RawResponse me = Get("/api/v1/me", "Cookie: " + cookie + "\r\n");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(nlohmann::json::parse(me.body)["principal"]["role"], "client_admin");
  EXPECT_EQ(me.headers["cache-control"], "no-store");
  EXPECT_EQ(me.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(me.headers["x-frame-options"], "DENY");
  EXPECT_EQ(me.headers["referrer-policy"], "no-referrer");
  RawResponse page = Get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<html>app</html>");
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_TRUE(page.headers["content-security-policy"].starts_with("default-src 'self'"));
}

TEST_F(HttpServerTest, EveryApiRouteAnswers401WithoutASession) {
  StartServer();
  int checked = 0;
  for (const RouteInfo& route : router_->Routes()) {
    std::string path = route.pattern;
    for (size_t b; (b = path.find('{')) != std::string::npos;) {
      path.replace(b, path.find('}', b) - b + 1, "x");
    }
    RawClient c(server_->port());
    c.Send(route.method + " " + path +
           " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: 2\r\n\r\n{}");
    RawResponse r = c.Read();
    if (route.requires_auth) {
      EXPECT_EQ(r.status, 401) << route.method << " " << route.pattern;
      ++checked;
    } else {
      EXPECT_EQ(route.pattern, "/api/v1/login");
      EXPECT_NE(r.status, 401);  // A bad login is 401 too, but "{}" is malformed: 400.
    }
  }
  EXPECT_GE(checked, 3);
  EXPECT_EQ(static_cast<int>(auth_.audit().size()), checked);
}

TEST_F(HttpServerTest, PostWithoutCsrfTokenIs403) {
  StartServer();
  auto [cookie, csrf] = Login();
  RawClient c(server_->port());
  c.Send("POST /api/v1/logout HTTP/1.1\r\nHost: x\r\nCookie: " + cookie +
         "\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(c.Read().status, 403);
  c.Send("POST /api/v1/logout HTTP/1.1\r\nHost: x\r\nCookie: " + cookie +
         "\r\nX-CSRF-Token: " + csrf + "\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(Get("/api/v1/me", "Cookie: " + cookie + "\r\n").status, 401);
}

TEST_F(HttpServerTest, OversizedContentLengthIs413BeforeTheBodyIsSent) {
  StartServer();
  RawClient c(server_->port());
  auto start = Clock::now();
  // Only the header: the answer must not wait for 100 MB that never comes.
  c.Send(
      "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000000\r\n\r\n");
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_TRUE(c.WaitClosed(2s));
}

TEST_F(HttpServerTest, BodyWithoutLengthIs411) {
  StartServer();
  RawClient c(server_->port());
  c.Send(
      "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n"
      R"({"user":"admin","password":"pw"})");
  EXPECT_EQ(c.Read().status, 411);
  EXPECT_TRUE(c.WaitClosed(2s));
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413) {
  StartServer();
  RawClient c(server_->port());
  std::thread writer([&] {
    if (!c.Send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n")) {
      return;
    }
    std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
    for (int i = 0; i < 32 && c.Send(chunk); ++i) {  // 2 MiB against a 1 MiB limit.
    }
  });
  RawResponse r = c.Read();
  writer.join();
  EXPECT_EQ(r.status, 413);
}

TEST_F(HttpServerTest, MalformedRequestsAre400) {
  StartServer();
  for (std::string raw :
       {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
        "GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    RawClient c(server_->port());
    c.Send(raw);
    EXPECT_EQ(c.Read().status, 400) << raw;
  }
}

TEST_F(HttpServerTest, TenMegabyteHeaderLineIs431WithBoundedMemory) {
  StartServer();
  const int64_t before = RssKiB();
  RawClient c(server_->port());
  std::thread writer([&] {
    if (!c.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: ")) return;
    std::string piece(64 << 10, 'a');
    for (int i = 0; i < 160 && c.Send(piece); ++i) {  // 10 MiB.
    }
  });
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(c.WaitClosed(3s));
  writer.join();
  EXPECT_LT(RssKiB() - before, 20 << 10) << "KiB of growth";
}

TEST_F(HttpServerTest, TooManyHeaderFieldsIs431) {
  StartServer();
  {  // 10,000 fields: over the byte limit long before the count.
    RawClient c(server_->port());
    std::thread writer([&] {
      std::string req = "GET / HTTP/1.1\r\nHost: x\r\n";
      for (int i = 0; i < 10000; ++i) req += "X-H" + std::to_string(i) + ": v\r\n";
      c.Send(req + "\r\n");
    });
    EXPECT_EQ(c.Read().status, 431);
    writer.join();
  }
  {  // 150 short fields: under the byte limit, over the count limit.
    RawClient c(server_->port());
    std::string req = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 150; ++i) req += "X-H" + std::to_string(i) + ": v\r\n";
    c.Send(req + "\r\n");
    EXPECT_EQ(c.Read().status, 431);
  }
}

TEST_F(HttpServerTest, SlowClientsAreCutAtTheHeaderDeadlineWhileOthersAreServed) {
  StartServer();
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 50; ++i) slow.push_back(std::make_unique<RawClient>(server_->port()));
  const std::string trickle = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 'a');
  std::atomic<bool> done{false};
  std::thread trickler([&] {  // One byte per client per 100 ms.
    for (size_t i = 0; i < trickle.size() && !done; ++i) {
      for (auto& c : slow) c->Send(std::string_view(&trickle[i], 1));
      std::this_thread::sleep_for(100ms);
    }
  });
  auto start = Clock::now();
  Clock::duration worst{};
  while (Clock::now() - start < 1500ms) {
    auto t = Clock::now();
    EXPECT_EQ(Get("/").status, 200);
    worst = std::max(worst, Clock::now() - t);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_LT(worst, 1s);
  for (auto& c : slow) EXPECT_TRUE(c->WaitClosed(2s));  // Header deadline: 1 s.
  done = true;
  trickler.join();
}

TEST_F(HttpServerTest, KeepAliveConnectionEndsAfterTheRequestCap) {
  HttpLimits limits = TestLimits();
  limits.max_requests_per_connection = 3;
  StartServer(limits);
  RawClient c(server_->port());
  for (int i = 1; i <= 3; ++i) {
    c.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    RawResponse r = c.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.count("connection") > 0, i == 3) << i;
  }
  EXPECT_TRUE(c.WaitClosed(1s));
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpLimits limits = TestLimits();
  limits.idle_timeout = 300ms;
  StartServer(limits);
  RawClient c(server_->port());
  c.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_TRUE(c.WaitClosed(1500ms));
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitGet503) {
  HttpLimits limits = TestLimits();
  limits.max_connections = 2;
  StartServer(limits);
  RawClient a(server_->port()), b(server_->port());
  for (int i = 0; i < 100 && server_->connections() < 2; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(server_->connections(), 2);
  RawClient c(server_->port());
  EXPECT_EQ(c.Read().status, 503);
}

TEST_F(HttpServerTest, StaticTraversalIsRefused) {
  StartServer();
  for (std::string target : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                             "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/....//secret.txt"}) {
    RawResponse r = Get(target);
    EXPECT_TRUE(r.status == 404 || r.status == 400 || r.status == 403) << target;
    EXPECT_EQ(r.body.find("outside"), std::string::npos) << target;
  }
}

TEST_F(HttpServerTest, UploadBodiesStreamToATemporaryFile) {
  StartServer();
  auto [cookie, csrf] = Login();
  const std::string head = "PUT /api/v1/uploads/delta HTTP/1.1\r\nHost: x\r\nCookie: " + cookie +
                           "\r\nX-CSRF-Token: " + csrf + "\r\n";
  RawClient c(server_->port());
  const size_t size = 2 << 20;  // Over the JSON limit, under the upload limit.
  c.Send(head + "Content-Length: " + std::to_string(size) + "\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(c.Read().status, 100);
  c.Send(std::string(size, 'x'));
  RawResponse r = c.Read();
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["bytes"], size);
  EXPECT_EQ(j["in_memory"], 0);
  EXPECT_FALSE(std::filesystem::exists(upload_file_));  // Removed after the handler.

  RawClient big(server_->port());
  big.Send(head + "Content-Length: " + std::to_string(5 << 20) + "\r\n\r\n");
  EXPECT_EQ(big.Read().status, 413);
}

TEST_F(HttpServerTest, UploadWithoutSessionIsRefusedBeforeTheBody) {
  StartServer();
  RawClient c(server_->port());
  c.Send("PUT /api/v1/uploads/delta HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000\r\n\r\n");
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers["connection"], "close");
}

TEST_F(HttpServerTest, ClientIpComesFromForwardedForOnlyFromTheTrustedProxy) {
  StartServer();
  Get("/api/v1/me", "X-Forwarded-For: 10.0.0.1\r\n");
  server_.reset();
  trusted_proxy_ = "127.0.0.1";
  StartServer();
  Get("/api/v1/me", "X-Forwarded-For: 6.6.6.6, 10.0.0.2\r\n");  // The first is the client's claim.
  auto audit = auth_.audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].client_ip, "127.0.0.1");
  EXPECT_EQ(audit[1].client_ip, "10.0.0.2");
}

TEST_F(HttpServerTest, ASlowHandlerDoesNotHoldTheIoThread) {
  io_threads_ = 1;  // One I/O thread: were the handler on it, nothing else would be served.
  StartServer();
  auto [cookie, csrf] = Login();
  RawClient slow(server_->port());
  ASSERT_TRUE(slow.Send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\nCookie: " + cookie + "\r\n\r\n"));
  ASSERT_EQ(slow_started_.get_future().wait_for(3s), std::future_status::ready);
  const auto start = Clock::now();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Get("/api/v1/me", "Cookie: " + cookie + "\r\n").status, 200);
    EXPECT_EQ(Get("/index.html").status, 200);
  }
  EXPECT_LT(Clock::now() - start, 2s);
  Release();
  RawResponse r = slow.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"slow":true})");
}

TEST_F(HttpServerTest, ALongUploadHoldsNoHandlerThread) {
  io_threads_ = 1;
  handler_threads_ = 1;  // Uploads have a pool of their own.
  block_uploads_ = true;
  StartServer();
  auto [cookie, csrf] = Login();
  RawClient upload(server_->port());
  ASSERT_TRUE(upload.Send("PUT /api/v1/uploads/delta HTTP/1.1\r\nHost: x\r\nCookie: " + cookie +
                          "\r\nX-CSRF-Token: " + csrf + "\r\nContent-Length: 3\r\n\r\nabc"));
  ASSERT_EQ(slow_started_.get_future().wait_for(3s), std::future_status::ready);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Get("/api/v1/partners/delta/scorecard", "Cookie: " + cookie + "\r\n").status, 200);
  }
  Release();
  RawResponse r = upload.Read();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["bytes"], 3);
}

TEST_F(HttpServerTest, StopClosesTheListener) {
  StartServer();
  int port = server_->port();
  server_->Stop();
  EXPECT_THROW(RawClient c(port), boost::system::system_error);
}

}  // namespace
}  // namespace cx
