// The terminal front of ss-top: ncurses on stdout, keys read from /dev/tty (stdin is
// the pipe of rows). It only draws lines that top_render made, so everything it shows
// is tested without a terminal.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

namespace ss {

class CursesScreen {
 public:
  /// Key code next_key() returns after the terminal changed size.
  static constexpr int kResize = -2;
  static constexpr int kNone = -1;

  /// Starts ncurses; throws ss::Error(io) when /dev/tty cannot be opened or the
  /// terminal type is unknown.
  CursesScreen();
  ~CursesScreen();
  CursesScreen(const CursesScreen&) = delete;
  CursesScreen& operator=(const CursesScreen&) = delete;

  /// Ends ncurses and gives the terminal back as it was (idempotent).
  void end();
  /// Clears the screen and draws `lines` from the top, one a line.
  void draw(const std::vector<std::string>& lines);
  /// Writes the whole screen again: other programs of the pipeline may have written
  /// over it (their messages on standard error).
  void repaint();
  size_t width() const;
  size_t height() const;
  /// The descriptor keys arrive on, for poll().
  int key_fd() const;
  /// The next key pressed, kResize, or kNone when nothing waits.
  int next_key();

 private:
  FILE* tty_ = nullptr;
  void* screen_ = nullptr;  ///< SCREEN*, kept out of this header with curses.h's macros
  bool ended_ = false;
};

}  // namespace ss
