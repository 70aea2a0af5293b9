// Terminal: the only code of the console that touches ncurses. It owns the curses session
// (UTF-8 locale, raw keys, colours, no echo, restored on destruction), turns keys into Key
// values, draws clipped UTF-8 text with a Style, and waits — without spinning — for a key, a
// wake-up from another thread (a pipe), a signal (resize, stop) or a timeout. The screens draw
// through Canvas and never include curses.h, which keeps them thin and the model testable.
//
// Signals: PrepareSignals() blocks SIGWINCH, SIGINT, SIGTERM and SIGHUP in the calling thread
// before any other thread starts (so every thread inherits the mask); Wait() unblocks them only
// while it sleeps in ppoll, so they always wake the UI thread. SIGINT/SIGTERM/SIGHUP set
// stop_requested(); SIGWINCH reaches curses' own handler and comes back as a kResize key.
//
// Thread-safety: one thread (the UI thread) only, except Wake(), which any thread may call.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siaga::console::ui {

// Colours; screens combine one colour with emphasis flags.
enum class Color : std::uint8_t {
  kDefault,
  kRed,      // P1, overdue, errors
  kYellow,   // P2, prompts
  kGreen,    // done
  kCyan,     // headings
  kTitle,    // the status bar
  kSelected  // the cursor line, the help box
};
struct Style {
  Color color = Color::kDefault;
  bool bold = false;
  bool dim = false;
  bool reverse = false;
  bool underline = false;
};

struct Key {
  enum class Kind {
    kNone,
    kChar,      // a printable character in `ch`
    kCtrl,      // Ctrl + letter, the letter (lower case) in `ch`
    kFunction,  // F1..F12 in `fn`
    kEnter, kEscape, kTab, kBackTab, kBackspace, kDelete,
    kUp, kDown, kLeft, kRight, kHome, kEnd, kPageUp, kPageDown,
    kResize,
  };
  Kind kind = Kind::kNone;
  char32_t ch = 0;
  int fn = 0;

  bool Is(char32_t c) const { return kind == Kind::kChar && ch == c; }
  bool IsCtrl(char c) const { return kind == Kind::kCtrl && ch == static_cast<char32_t>(c); }
  bool IsF(int n) const { return kind == Kind::kFunction && fn == n; }
};

// A rectangle of the screen; coordinates are relative to it and everything is clipped to it.
class Canvas {
 public:
  Canvas(int top, int left, int height, int width)
      : top_(top), left_(left), height_(height), width_(width) {}
  int height() const { return height_; }
  int width() const { return width_; }
  // Draws UTF-8 text at (y, x), at most max_cols columns (-1: to the right edge). Returns the
  // columns used.
  int Text(int y, int x, std::string_view text, Style style = {}, int max_cols = -1) const;
  // Draws text word-wrapped over at most max_lines lines from (y, x); returns the lines used.
  int Wrapped(int y, int x, std::string_view text, Style style, int max_lines) const;
  // Paints the rest of line y from x with spaces in `style` (bars, the cursor line).
  void Fill(int y, int x, Style style) const;
  Canvas Sub(int top, int left, int height, int width) const;

 private:
  int top_, left_, height_, width_;
};

class Terminal {
 public:
  Terminal();  // starts curses; throws std::runtime_error if stdin/stdout is not a terminal
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  int rows() const;
  int cols() const;
  Canvas Whole() const { return Canvas(0, 0, rows(), cols()); }

  // Sleeps until a key, a Wake(), a signal or `timeout`. Never spins.
  void Wait(std::chrono::milliseconds timeout);
  // The next key already typed, if any (never blocks).
  std::optional<Key> ReadKey();
  // Wakes Wait() from any thread.
  void Wake();
  bool stop_requested() const;
  bool input_closed() const { return input_closed_; }

  void BeginFrame();  // erases the virtual screen (nothing is sent yet)
  // Shows the cursor at (y, x), or hides it when y < 0; then sends only what changed.
  void EndFrame(int cursor_y, int cursor_x);
  void Bell();

  // Installs the stop-signal handlers and blocks the handled signals in the calling thread;
  // call first thing, before any other thread exists.
  static void PrepareSignals();

 private:
  int wake_read_ = -1;
  int wake_write_ = -1;
  bool input_closed_ = false;
  bool cursor_visible_ = false;
};

// Columns `text` takes on screen (wide characters count 2).
int DisplayWidth(std::string_view text);

}  // namespace siaga::console::ui
