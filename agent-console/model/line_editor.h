// LineEditor: one line of text being typed (UTF-8), with a cursor at a character boundary and
// a byte limit. Used by the call-taker's form and by every prompt of the TUI (unit id, note,
// close reason). Thread-safety: not thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace siaga::console::model {

class LineEditor {
 public:
  explicit LineEditor(std::size_t bytes_max = 1024) : bytes_max_(bytes_max) {}

  // Inserts one Unicode character at the cursor. False (nothing changes) for a control
  // character, an invalid code point, or when the line would pass its byte limit.
  bool Insert(char32_t code_point);
  bool Backspace();  // deletes the character before the cursor
  bool Delete();     // deletes the character at the cursor
  bool Left();
  bool Right();
  void Home() { cursor_ = 0; }
  void End() { cursor_ = text_.size(); }
  // Replaces the text (cut at the byte limit on a character boundary); cursor at the end.
  void Set(const std::string& text);
  void Clear() { Set(""); }

  const std::string& text() const { return text_; }
  std::size_t cursor_byte() const { return cursor_; }
  // Characters (code points) before the cursor.
  std::size_t cursor_chars() const;
  std::size_t bytes_max() const { return bytes_max_; }

 private:
  std::size_t bytes_max_;
  std::string text_;
  std::size_t cursor_ = 0;  // byte offset, always at a character boundary
};

// UTF-8 encoding of one code point ("" for an invalid one).
std::string EncodeUtf8(char32_t code_point);

}  // namespace siaga::console::model
