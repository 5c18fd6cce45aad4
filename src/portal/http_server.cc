// One Connection per TCP connection, on its own strand. A request goes through these phases,
// each under one deadline set when the phase starts (tcp_stream::expires_after; bytes arriving
// do not extend it):
//   idle    kept-alive connection waiting for the first byte  (idle_timeout)
//   header  to the end of the header                           (header_timeout)
//   admit   Router::Admit on the header alone: auth, CSRF, route, body limit
//   body    into memory, or a temporary file for uploads      (body_timeout / upload_timeout)
//   handle  Router::Run on the handler pool (uploads: the upload pool), then back to the strand
//   write   the response                                      (write_timeout)
// Errors found while reading (431, 413, 411, 400) are answered, then the connection lingers
// briefly, discarding input, and closes.
#include "portal/http_server.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

namespace cx {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using beast::error_code;

namespace {

struct Shared {
  const Router& router;
  HttpServerOptions options;
  std::atomic<int> connections{0};
  std::atomic<uint64_t> upload_seq{0};
  net::thread_pool* handlers = nullptr;  // Null: handlers run on the I/O threads.
  net::thread_pool* uploads = nullptr;   // Null: uploads run where other handlers do.
};

std::string_view Sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A malformed request, as opposed to a socket error.
bool IsParseError(const error_code& ec) {
  return ec && ec.category() == http::make_error_code(http::error::bad_method).category();
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, Shared& shared)
      : stream_(std::move(socket)),
        shared_(shared),
        limits_(shared.options.limits),
        buffer_(std::max<size_t>(limits_.max_header_bytes + 4096, 16 << 10)) {
    error_code ec;
    client_ip_ = stream_.socket().remote_endpoint(ec).address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Connection() {
    RemoveUpload();
    --shared_.connections;
  }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::ReadRequest, shared_from_this()));
  }

 private:
  void ReadRequest() {
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<uint32_t>(limits_.max_header_bytes));
    // The route's own limit is checked after Admit; this one only bounds the header phase.
    header_parser_->body_limit(std::max(limits_.max_body_bytes, limits_.max_upload_bytes));
    if (requests_ == 0 || buffer_.size() > 0) {
      stream_.expires_after(limits_.header_timeout);
      ReadHeader();
      return;
    }
    stream_.expires_after(limits_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(1024),
                            beast::bind_front_handler(&Connection::OnIdleRead, shared_from_this()));
  }

  void OnIdleRead(error_code ec, size_t n) {
    if (ec) return Close();
    buffer_.commit(n);
    stream_.expires_after(limits_.header_timeout);
    ReadHeader();
  }

  void ReadHeader() {
    http::async_read_header(stream_, buffer_, *header_parser_,
                            beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
  }

  void OnHeader(error_code ec, size_t) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return Fail(431, "request header too large");
    }
    if (ec == http::error::body_limit) return Fail(413, "request body too large");
    if (ec == http::error::end_of_stream || ec == beast::error::timeout) return Close();
    if (IsParseError(ec)) return Fail(400, "bad request");
    if (ec) return Close();
    ++requests_;
    const auto& h = header_parser_->get();
    if (std::distance(h.begin(), h.end()) > limits_.max_header_count) {
      return Fail(431, "too many header fields");
    }
    request_ = HttpRequest();
    request_.method = std::string(h.method_string());
    std::string_view target = Sv(h.target());
    if (!target.starts_with("/")) return Fail(400, "bad request target");
    size_t q = target.find('?');
    request_.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request_.query = std::string(target.substr(q + 1));
    for (const auto& f : h)
      request_.headers.emplace_back(Lower(Sv(f.name_string())), std::string(Sv(f.value())));
    request_.client_ip = client_ip_;
    if (!shared_.options.trusted_proxy.empty() && client_ip_ == shared_.options.trusted_proxy) {
      std::string_view forwarded = request_.Header("x-forwarded-for");
      forwarded = forwarded.substr(forwarded.rfind(',') + 1);  // The proxy's own entry.
      while (forwarded.starts_with(' ')) forwarded.remove_prefix(1);
      if (!forwarded.empty()) request_.client_ip = std::string(forwarded);
    }
    keep_alive_ = h.keep_alive();

    const bool has_length = h.find(http::field::content_length) != h.end();
    if (IsStateChange(request_.method) && !has_length && !header_parser_->chunked() &&
        request_.method != "DELETE") {
      return Fail(411, "Content-Length or chunked transfer encoding required");
    }
    admission_ = shared_.router.Admit(request_);
    if (admission_.denied) {
      if (!header_parser_->is_done()) admission_.denied->close = true;  // Unread body.
      return Respond(std::move(*admission_.denied));
    }
    const uint64_t limit = admission_.upload ? limits_.max_upload_bytes : limits_.max_body_bytes;
    if (header_parser_->content_length() && *header_parser_->content_length() > limit) {
      return Fail(413, "request body too large");
    }
    if (header_parser_->is_done()) return Dispatch();
    if (Lower(Sv(h[http::field::expect])) == "100-continue") {
      continue_.emplace(http::status::continue_, h.version());
      stream_.expires_after(limits_.write_timeout);
      return http::async_write(stream_, *continue_,
                               [self = shared_from_this(), limit](error_code ec, size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody(limit);
                               });
    }
    ReadBody(limit);
  }

  void ReadBody(uint64_t limit) {
    auto on_body = beast::bind_front_handler(&Connection::OnBody, shared_from_this());
    if (!admission_.upload) {
      string_parser_.emplace(std::move(*header_parser_));
      string_parser_->body_limit(limit);
      stream_.expires_after(limits_.body_timeout);
      return http::async_read(stream_, buffer_, *string_parser_, std::move(on_body));
    }
    std::filesystem::path dir = shared_.options.upload_dir;
    if (dir.empty()) dir = std::filesystem::temp_directory_path() / "cxpact-uploads";
    std::error_code fs_ec;
    std::filesystem::create_directories(dir, fs_ec);
    upload_path_ = dir / fmt::format("upload-{}-{}.part", ::getpid(), ++shared_.upload_seq);
    file_parser_.emplace(std::move(*header_parser_));
    file_parser_->body_limit(limit);
    error_code ec;
    file_parser_->get().body().open(upload_path_.c_str(), beast::file_mode::write_new, ec);
    if (ec) {
      std::fprintf(stderr, "cxpact serve: cannot create %s: %s\n", upload_path_.c_str(),
                   ec.message().c_str());
      upload_path_.clear();
      return Fail(500, "internal error");
    }
    stream_.expires_after(limits_.upload_timeout);
    http::async_read(stream_, buffer_, *file_parser_, std::move(on_body));
  }

  void OnBody(error_code ec, size_t) {
    if (ec == http::error::body_limit) return Fail(413, "request body too large");
    if (ec == beast::error::timeout || ec == http::error::end_of_stream ||
        ec == http::error::partial_message) {
      return Close();
    }
    if (IsParseError(ec)) return Fail(400, "bad request");
    if (ec) return Close();
    if (string_parser_) {
      request_.body = std::move(string_parser_->get().body());
      string_parser_.reset();
    } else {
      file_parser_->get().body().close();
      file_parser_.reset();
      request_.body_file = upload_path_;
    }
    Dispatch();
  }

  void Dispatch() {
    net::thread_pool* pool =
        admission_.upload && shared_.uploads ? shared_.uploads : shared_.handlers;
    if (pool == nullptr) return Answer(shared_.router.Run(admission_, request_));
    // Nothing else of this connection runs until the answer is posted back to its strand: no
    // read or write is pending, so the pool thread has request_ and admission_ to itself.
    net::post(*pool, [self = shared_from_this()] {
      HttpResponse res = self->shared_.router.Run(self->admission_, self->request_);
      net::post(self->stream_.get_executor(),
                [self, res = std::move(res)]() mutable { self->Answer(std::move(res)); });
    });
  }

  void Answer(HttpResponse res) {
    RemoveUpload();
    Respond(std::move(res));
  }

  // Answers an error found while reading, then lingers and closes.
  void Fail(int status, std::string_view message) {
    if (request_.path.empty()) request_.path = "/";
    keep_alive_ = false;
    HttpResponse res = HttpResponse::Error(status, message);
    res.close = true;
    Respond(std::move(res));
  }

  void Respond(HttpResponse r) {
    AddSecurityHeaders(request_.path, r);
    const bool last = !keep_alive_ || r.close || requests_ >= limits_.max_requests_per_connection;
    res_.emplace(static_cast<http::status>(r.status), 11);
    res_->set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res_->insert(k, v);
    res_->body() = std::move(r.body);
    res_->keep_alive(!last);
    res_->prepare_payload();
    linger_after_ = r.close;
    stream_.expires_after(limits_.write_timeout);
    http::async_write(stream_, *res_, [self = shared_from_this(), last](error_code ec, size_t) {
      self->res_.reset();
      if (ec) return self->Close();
      if (last) return self->linger_after_ ? self->Linger() : self->Close();
      self->ReadRequest();
    });
  }

  // Stops sending and discards input until EOF or the linger limits, so that the client reads
  // the error response instead of a reset.
  void Linger() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    lingered_ = 0;
    drain_.resize(8192);
    stream_.expires_after(limits_.linger_timeout);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](error_code ec, size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ >= self->limits_.linger_bytes) {
                                return self->Close();
                              }
                              self->DrainSome();
                            });
  }

  void Close() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  void RemoveUpload() {
    if (upload_path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove(upload_path_, ec);
    upload_path_.clear();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  const HttpLimits& limits_;
  beast::flat_buffer buffer_;
  std::string client_ip_;
  int requests_ = 0;
  bool keep_alive_ = true;
  bool linger_after_ = false;
  uint64_t lingered_ = 0;
  std::vector<char> drain_;
  HttpRequest request_;
  Router::Admission admission_;
  std::filesystem::path upload_path_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> string_parser_;
  std::optional<http::request_parser<http::file_body>> file_parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<http::response<http::string_body>> res_;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const Router& router, HttpServerOptions options)
      : shared_{router, std::move(options)},
        ioc_(std::max(1, shared_.options.threads)),
        acceptor_(net::make_strand(ioc_)),
        retry_(acceptor_.get_executor()) {
    if (shared_.options.handler_threads > 0) {
      handlers_.emplace(static_cast<size_t>(shared_.options.handler_threads));
      shared_.handlers = &*handlers_;
    }
    if (shared_.options.upload_threads > 0) {
      uploads_.emplace(static_cast<size_t>(shared_.options.upload_threads));
      shared_.uploads = &*uploads_;
    }
  }
  ~Impl() { Stop(); }

  Status Start() {
    error_code ec;
    auto address = net::ip::make_address(shared_.options.bind_address, ec);
    if (ec) return InvalidArgument("--bind {}: not an IP address", shared_.options.bind_address);
    tcp::endpoint endpoint(address, static_cast<unsigned short>(shared_.options.port));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return IoError("cannot listen on {}:{}: {}", shared_.options.bind_address,
                     shared_.options.port, ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    Accept();
    for (int i = 0; i < std::max(1, shared_.options.threads); ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
    return Status::Ok();
  }

  void Stop() {
    if (stopped_.exchange(true)) return;
    ioc_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    // Handlers queued are dropped; running ones finish (their answers are never written).
    for (auto* pool : {&handlers_, &uploads_}) {
      if (!*pool) continue;
      (*pool)->stop();
      (*pool)->join();
    }
    // No thread runs the io_context now. Connections close when it is destroyed.
    error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
  }

  int port() const { return port_; }
  int connections() const { return shared_.connections.load(); }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {  // Out of descriptors, most likely: wait a little rather than spin.
        retry_.expires_after(std::chrono::milliseconds(50));
        retry_.async_wait([this](error_code ec2) {
          if (!ec2) Accept();
        });
        return;
      }
      if (shared_.connections.load() >= shared_.options.limits.max_connections) {
        Reject(socket);
      } else {
        ++shared_.connections;
        std::make_shared<Connection>(std::move(socket), shared_)->Start();
      }
      Accept();
    });
  }

  // Over the connection limit: a best-effort 503 without blocking, then close.
  static void Reject(tcp::socket& socket) {
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nRetry-After: 1\r\n"
        "Connection: close\r\n"
        "Content-Length: 27\r\n\r\n{\"error\":\"server is busy\"}\n";
    error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(net::buffer(kBusy.data(), kBusy.size()), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  Shared shared_;  // Before ioc_: sessions destroyed with the io_context still use it.
  net::io_context ioc_;
  // After ioc_: connections that queued handlers hold close their sockets when dropped.
  std::optional<net::thread_pool> handlers_, uploads_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopped_{false};
  int port_ = 0;
};

HttpServer::HttpServer(const Router& router, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Start() { return impl_->Start(); }
int HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }
int HttpServer::connections() const { return impl_->connections(); }

}  // namespace cx
