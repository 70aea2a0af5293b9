#include "agent-console/model/line_editor.h"

namespace siaga::console::model {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string EncodeUtf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return "";  // surrogates are not characters
    }
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

bool LineEditor::Insert(char32_t code_point) {
  if (code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point < 0xA0)) {
    return false;
  }
  const std::string bytes = EncodeUtf8(code_point);
  if (bytes.empty() || text_.size() + bytes.size() > bytes_max_) {
    return false;
  }
  text_.insert(cursor_, bytes);
  cursor_ += bytes.size();
  return true;
}

bool LineEditor::Backspace() {
  if (cursor_ == 0) {
    return false;
  }
  std::size_t start = cursor_ - 1;
  while (start > 0 && IsContinuation(text_[start])) {
    --start;
  }
  text_.erase(start, cursor_ - start);
  cursor_ = start;
  return true;
}

bool LineEditor::Delete() {
  if (cursor_ >= text_.size()) {
    return false;
  }
  std::size_t end = cursor_ + 1;
  while (end < text_.size() && IsContinuation(text_[end])) {
    ++end;
  }
  text_.erase(cursor_, end - cursor_);
  return true;
}

bool LineEditor::Left() {
  if (cursor_ == 0) {
    return false;
  }
  do {
    --cursor_;
  } while (cursor_ > 0 && IsContinuation(text_[cursor_]));
  return true;
}

bool LineEditor::Right() {
  if (cursor_ >= text_.size()) {
    return false;
  }
  do {
    ++cursor_;
  } while (cursor_ < text_.size() && IsContinuation(text_[cursor_]));
  return true;
}

void LineEditor::Set(const std::string& text) {
  text_ = text;
  if (text_.size() > bytes_max_) {
    std::size_t cut = bytes_max_;
    while (cut > 0 && IsContinuation(text_[cut])) {
      --cut;
    }
    text_.resize(cut);
  }
  cursor_ = text_.size();
}

std::size_t LineEditor::cursor_chars() const {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < cursor_; ++i) {
    chars += IsContinuation(text_[i]) ? 0 : 1;
  }
  return chars;
}

}  // namespace siaga::console::model
