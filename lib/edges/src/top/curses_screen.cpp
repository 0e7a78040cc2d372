#include "curses_screen.hpp"

// Functions only: curses.h's macros (erase, refresh, timeout...) would rename methods
// of the other files an area's unity build compiles with this one.
#define NCURSES_NOMACROS
#include <curses.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "ss/base/error.hpp"

namespace ss {

CursesScreen::CursesScreen() {
  tty_ = std::fopen("/dev/tty", "r");
  if (tty_ == nullptr) throw_io(std::string("/dev/tty: ") + std::strerror(errno));
  SCREEN* screen = newterm(nullptr, stdout, tty_);
  if (screen == nullptr) {
    std::fclose(tty_);
    const char* term = std::getenv("TERM");
    throw_io(std::string("cannot drive the terminal (TERM=") + (term != nullptr ? term : "") + ")");
  }
  screen_ = screen;
  set_term(screen);
  cbreak();  // keys at once; Ctrl-C still interrupts
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  scrollok(stdscr, FALSE);
  curs_set(0);
}

CursesScreen::~CursesScreen() { end(); }

void CursesScreen::end() {
  if (ended_) return;
  ended_ = true;
  endwin();
  delscreen(static_cast<SCREEN*>(screen_));
  std::fclose(tty_);
}

void CursesScreen::draw(const std::vector<std::string>& lines) {
  erase();
  const int rows = getmaxy(stdscr);
  for (size_t i = 0; i < lines.size() && static_cast<int>(i) < rows; ++i)
    mvaddstr(static_cast<int>(i), 0, lines[i].c_str());
  refresh();
}

void CursesScreen::repaint() {
  redrawwin(stdscr);
  wrefresh(stdscr);
}

size_t CursesScreen::width() const { return static_cast<size_t>(std::max(getmaxx(stdscr), 0)); }
size_t CursesScreen::height() const { return static_cast<size_t>(std::max(getmaxy(stdscr), 0)); }

int CursesScreen::key_fd() const { return fileno(tty_); }

int CursesScreen::next_key() {
  const int key = getch();
  if (key == ERR) return kNone;
  if (key == KEY_RESIZE) return kResize;
  return key;
}

}  // namespace ss
