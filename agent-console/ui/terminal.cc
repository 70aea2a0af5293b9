#include "agent-console/ui/terminal.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <clocale>
#include <cstring>
#include <cwchar>
#include <stdexcept>
#include <string>

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

namespace siaga::console::ui {
namespace {

std::atomic<bool> g_stop_requested{false};

void OnStopSignal(int) { g_stop_requested.store(true); }

constexpr int kSignals[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP};

// Decodes UTF-8 into wide characters; an invalid byte shows as '?', a control character as ' '.
std::wstring Widen(std::string_view text) {
  std::wstring wide;
  std::mbstate_t state{};
  std::size_t i = 0;
  while (i < text.size()) {
    wchar_t wc = 0;
    const std::size_t n = std::mbrtowc(&wc, text.data() + i, text.size() - i, &state);
    if (n == static_cast<std::size_t>(-1) || n == static_cast<std::size_t>(-2) || n == 0) {
      wide += L'?';
      state = std::mbstate_t{};
      ++i;
      continue;
    }
    wide += (wc < 0x20 || wc == 0x7F) ? L' ' : wc;
    i += n;
  }
  return wide;
}

int CharWidth(wchar_t wc) {
  const int w = ::wcwidth(wc);
  return w < 0 ? 1 : w;
}

attr_t ToAttr(const Style& style) {
  attr_t attr = A_NORMAL;
  if (has_colors()) {
    attr |= COLOR_PAIR(static_cast<short>(style.color));
  } else if (style.color == Color::kRed) {
    attr |= A_BOLD;
  } else if (style.color == Color::kTitle || style.color == Color::kSelected) {
    attr |= A_REVERSE;
  }
  if (style.bold) attr |= A_BOLD;
  if (style.dim) attr |= A_DIM;
  if (style.reverse) attr |= A_REVERSE;
  if (style.underline) attr |= A_UNDERLINE;
  return attr;
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (wchar_t wc : Widen(text)) {
    width += CharWidth(wc);
  }
  return width;
}

int Canvas::Text(int y, int x, std::string_view text, Style style, int max_cols) const {
  if (y < 0 || y >= height_ || x < 0 || x >= width_) {
    return 0;
  }
  int room = width_ - x;
  if (max_cols >= 0 && max_cols < room) {
    room = max_cols;
  }
  std::wstring visible;
  int used = 0;
  for (wchar_t wc : Widen(text)) {
    const int w = CharWidth(wc);
    if (used + w > room) {
      break;
    }
    visible += wc;
    used += w;
  }
  if (visible.empty()) {
    return 0;
  }
  const attr_t attr = ToAttr(style);
  attron(attr);
  mvaddnwstr(top_ + y, left_ + x, visible.c_str(), static_cast<int>(visible.size()));
  attroff(attr);
  return used;
}

int Canvas::Wrapped(int y, int x, std::string_view text, Style style, int max_lines) const {
  const int room = width_ - x;
  int lines = 0;
  while (!text.empty() && lines < max_lines && room > 0) {
    // The longest prefix that fits, cut after a space when there is one.
    std::size_t fit = 0;
    std::size_t last_space = std::string_view::npos;
    int used = 0;
    while (fit < text.size()) {
      std::size_t next = fit + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
        ++next;
      }
      const int w = DisplayWidth(text.substr(fit, next - fit));
      if (used + w > room) {
        break;
      }
      if (text[fit] == ' ') {
        last_space = fit;
      }
      used += w;
      fit = next;
    }
    std::size_t cut = fit;
    if (fit < text.size() && last_space != std::string_view::npos && last_space > 0) {
      cut = last_space;
    }
    if (cut == 0) {
      break;
    }
    Text(y + lines, x, text.substr(0, cut), style);
    text.remove_prefix(cut);
    while (!text.empty() && text.front() == ' ') {
      text.remove_prefix(1);
    }
    ++lines;
  }
  return lines;
}

void Canvas::Fill(int y, int x, Style style) const {
  if (y < 0 || y >= height_ || x >= width_) {
    return;
  }
  Text(y, x, std::string(static_cast<std::size_t>(width_ - x), ' '), style);
}

Canvas Canvas::Sub(int top, int left, int height, int width) const {
  top = std::max(0, std::min(top, height_));
  left = std::max(0, std::min(left, width_));
  height = std::max(0, std::min(height, height_ - top));
  width = std::max(0, std::min(width, width_ - left));
  return Canvas(top_ + top, left_ + left, height, width);
}

void Terminal::PrepareSignals() {
  sigset_t blocked;
  sigemptyset(&blocked);
  for (int sig : kSignals) {
    sigaddset(&blocked, sig);
  }
  pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    sigaction(sig, &action, nullptr);
  }
  // SIGWINCH keeps its default disposition so that curses installs its own resize handler.
}

Terminal::Terminal() {
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
    throw std::runtime_error("the TUI needs a terminal (scripts use the line-mode commands)");
  }
  std::setlocale(LC_ALL, "");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  wake_read_ = fds[0];
  wake_write_ = fds[1];
  set_escdelay(25);  // Esc alone must feel instant; escape sequences arrive within 25 ms
  initscr();
  raw();  // Ctrl-C, Ctrl-Q, Ctrl-S are keys here, not signals or flow control
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  curs_set(0);
  if (has_colors()) {
    start_color();
    use_default_colors();
    init_pair(static_cast<short>(Color::kRed), COLOR_RED, -1);
    init_pair(static_cast<short>(Color::kYellow), COLOR_YELLOW, -1);
    init_pair(static_cast<short>(Color::kGreen), COLOR_GREEN, -1);
    init_pair(static_cast<short>(Color::kCyan), COLOR_CYAN, -1);
    init_pair(static_cast<short>(Color::kTitle), COLOR_WHITE, COLOR_BLUE);
    init_pair(static_cast<short>(Color::kSelected), COLOR_BLACK, COLOR_CYAN);
  }
}

Terminal::~Terminal() {
  endwin();
  close(wake_read_);
  close(wake_write_);
}

int Terminal::rows() const { return LINES; }
int Terminal::cols() const { return COLS; }

void Terminal::Wait(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_read_, POLLIN, 0}};
  const auto ms = std::max<std::int64_t>(0, timeout.count());
  const timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1000000)};
  sigset_t during;
  pthread_sigmask(SIG_SETMASK, nullptr, &during);
  for (int sig : kSignals) {
    sigdelset(&during, sig);
  }
  const int ready = ppoll(fds, 2, &ts, &during);
  // When ppoll returns because a descriptor is ready, Linux restores the mask before a pending
  // signal can be delivered; a hung-up terminal is always "ready", so look for them ourselves.
  sigset_t pending;
  sigpending(&pending);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    if (sigismember(&pending, sig) == 1) {
      g_stop_requested.store(true);
    }
  }
  if (ready > 0) {
    // A hung-up pty reports POLLIN too (read returns 0): any HUP/ERR means nobody is at this
    // console any more, and polling on would spin.
    if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) {
      input_closed_ = true;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      char drain[256];
      while (read(wake_read_, drain, sizeof drain) > 0) {
      }
    }
  }
}

void Terminal::Wake() {
  const char byte = 1;
  // A full pipe already means "wake up"; nothing is lost by dropping this byte.
  [[maybe_unused]] const ssize_t ignored = write(wake_write_, &byte, 1);
}

bool Terminal::stop_requested() const { return g_stop_requested.load(); }

std::optional<Key> Terminal::ReadKey() {
  wint_t wch = 0;
  const int rc = wget_wch(stdscr, &wch);
  if (rc == ERR) {
    return std::nullopt;
  }
  Key key;
  if (rc == KEY_CODE_YES) {
    switch (wch) {
      case KEY_UP: key.kind = Key::Kind::kUp; break;
      case KEY_DOWN: key.kind = Key::Kind::kDown; break;
      case KEY_LEFT: key.kind = Key::Kind::kLeft; break;
      case KEY_RIGHT: key.kind = Key::Kind::kRight; break;
      case KEY_HOME: key.kind = Key::Kind::kHome; break;
      case KEY_END: key.kind = Key::Kind::kEnd; break;
      case KEY_PPAGE: key.kind = Key::Kind::kPageUp; break;
      case KEY_NPAGE: key.kind = Key::Kind::kPageDown; break;
      case KEY_BACKSPACE: key.kind = Key::Kind::kBackspace; break;
      case KEY_DC: key.kind = Key::Kind::kDelete; break;
      case KEY_BTAB: key.kind = Key::Kind::kBackTab; break;
      case KEY_ENTER: key.kind = Key::Kind::kEnter; break;
      case KEY_RESIZE: key.kind = Key::Kind::kResize; break;
      default:
        if (wch >= static_cast<wint_t>(KEY_F(1)) && wch <= static_cast<wint_t>(KEY_F(12))) {
          key.kind = Key::Kind::kFunction;
          key.fn = static_cast<int>(wch - KEY_F0);
        }
        break;
    }
    return key;
  }
  switch (wch) {
    case L'\r':
    case L'\n': key.kind = Key::Kind::kEnter; return key;
    case L'\t': key.kind = Key::Kind::kTab; return key;
    case 27: key.kind = Key::Kind::kEscape; return key;
    case 127:
    case 8: key.kind = Key::Kind::kBackspace; return key;
    default: break;
  }
  if (wch >= 1 && wch <= 26) {
    key.kind = Key::Kind::kCtrl;
    key.ch = static_cast<char32_t>('a' + wch - 1);
    return key;
  }
  if (wch >= 0x20) {
    key.kind = Key::Kind::kChar;
    key.ch = static_cast<char32_t>(wch);
  }
  return key;
}

void Terminal::BeginFrame() { erase(); }

void Terminal::EndFrame(int cursor_y, int cursor_x) {
  const bool visible = cursor_y >= 0;
  if (visible) {
    move(cursor_y, cursor_x);
  }
  if (visible != cursor_visible_) {
    curs_set(visible ? 1 : 0);
    cursor_visible_ = visible;
  }
  refresh();
}

void Terminal::Bell() { beep(); }

}  // namespace siaga::console::ui
