#include "ss/top/run_top.hpp"

#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <clocale>
#include <csignal>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "curses_screen.hpp"
#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/report/row_reader.hpp"
#include "ss/top/text_table.hpp"
#include "ss/top/top_input_row.hpp"
#include "ss/top/top_model.hpp"
#include "ss/top/top_render.hpp"

namespace ss {

namespace {

using Clock = std::chrono::steady_clock;

/// The key that asks a full-screen program to draw its screen again.
constexpr int kCtrlL = 12;

/// True when the locale's character set (LC_CTYPE from the environment) is UTF-8.
bool utf8_locale() {
  std::setlocale(LC_CTYPE, "");
  const char* codeset = nl_langinfo(CODESET);
  return codeset != nullptr && (std::strcmp(codeset, "UTF-8") == 0 || std::strcmp(codeset, "utf8") == 0);
}

/// The model and what feeds it: one line at a time from the input, read and
/// classified by the RowReader that ss-report reads through, into the model.
class TopFeed {
 public:
  explicit TopFeed(const TopOptions& options)
      : options_(options),
        model_(options.windows, options.bucket),
        diagnostics_(options.stream.bad_lines_file, "", options.stream.strict),
        rows_(options.stream, diagnostics_),
        ascii_(options.ascii || !utf8_locale()) {
    rows_.require_end();  // a window's span and a session's bucket need the end
    rows_.refuse_totals();
  }

  void handle_line(const Line& line);
  /// The input's lines: read by the caller (without the model's lock), then handed to handle_line().
  LineReader& lines() { return rows_.lines(); }
  TopModel& model() { return model_; }
  Diagnostics& diagnostics() { return diagnostics_; }
  /// The view of the flags, with the key fields known so far.
  TopView view() const;
  void print_summary();

 private:
  const TopOptions& options_;
  TopModel model_;
  Diagnostics diagnostics_;
  RowReader rows_;
  const bool ascii_;
  TopInputRow row_;
};

void TopFeed::handle_line(const Line& line) {
  const uint64_t bad = diagnostics_.bad_lines();
  const std::optional<TimeUs> watermark = rows_.control().last_watermark;
  if (rows_.take(line)) {
    read_top_row(rows_, row_);
    model_.add(row_);
    return;
  }
  if (diagnostics_.bad_lines() != bad) model_.bad_line(rows_.last_bad_line());
  if (rows_.control().last_watermark != watermark) model_.watermark(*rows_.control().last_watermark);
}

TopView TopFeed::view() const {
  TopView view;
  view.key_names = rows_.key_fields();
  view.by = options_.by;
  view.top = options_.top;
  view.spark_windows = options_.windows;
  view.ascii = ascii_;
  return view;
}

void TopFeed::print_summary() {
  diagnostics_.flush();
  if (model_.bad() == 0) return;
  fmt::print(stderr, "{}: {} rows, {} bad line{}\n", tool_name(), model_.rows(), model_.bad(),
             model_.bad() == 1 ? "" : "s");
}

/// A warning when --by names no column of the stream (said once, at the end).
void check_by(const TopOptions& options, const TopModel& model) {
  if (!options.by.empty() && model.rows() > 0 && !model.column(options.by))
    fmt::print(stderr, "{}: warning: --by {}: no row has this numeric field\n", tool_name(), options.by);
}

/// What the reader thread and the screen share.
struct SharedFeed {
  explicit SharedFeed(const TopOptions& options) : feed(options) {}
  std::mutex mutex;
  TopFeed feed;
  std::atomic<bool> quit{false};
  std::atomic<bool> ended{false};
  std::exception_ptr error;  ///< set before `ended`
  int wake[2] = {-1, -1};    ///< the reader writes a byte at end of input
};

void read_rows(const std::shared_ptr<SharedFeed>& shared) {
  try {
    LineReader& reader = shared->feed.lines();  // only this thread reads it
    reader.set_before_block([&] {
      std::lock_guard lock(shared->mutex);
      shared->feed.diagnostics().flush();
    });
    Line line;
    while (!shared->quit) {
      if (!reader.wait_for_input(100)) continue;
      const ReadStatus status = reader.next(line);
      if (status == ReadStatus::end) break;
      if (status == ReadStatus::interrupted) continue;
      std::lock_guard lock(shared->mutex);
      shared->feed.handle_line(line);
    }
    std::lock_guard lock(shared->mutex);
    shared->feed.model().finish();
  } catch (...) {
    shared->error = std::current_exception();
  }
  shared->ended = true;
  const char byte = 1;
  [[maybe_unused]] const auto n = ::write(shared->wake[1], &byte, 1);
}

/// Steps through the sort orders: the value columns as shown, then the key.
void set_sort(TopView& view, const TopModel& model, size_t index) {
  const std::vector<size_t> columns = shown_columns(model, view);
  view.sort_by_key = index >= columns.size();
  view.sort.reset();
  if (!view.sort_by_key) view.sort = columns[index];
}

int run_terminal(const TopOptions& options, CursesScreen& screen) {
  const auto shared = std::make_shared<SharedFeed>(options);
  if (::pipe(shared->wake) != 0) throw_io(std::string("pipe: ") + std::strerror(errno));
  shared->feed.diagnostics().show_bad_lines(false);  // the screen's stats line names them
  install_stop_handlers();  // Ctrl-C ends the screen through the loop, which gives the terminal back

  // The reader must not take the signals the screen waits for: SIGWINCH (resize),
  // SIGINT and SIGTERM (stop) interrupt the screen's poll.
  sigset_t blocked;
  sigset_t previous;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGWINCH);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  std::thread reader(read_rows, shared);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  TopView view;
  size_t sort_index = 0;
  bool sort_set = false;
  ScreenState state;
  std::vector<std::string> shown;
  uint64_t drawn = UINT64_MAX;
  const auto interval = std::chrono::microseconds(options.interval);
  Clock::time_point next_draw = Clock::now();
  const auto draw = [&](bool force) {
    bool unchanged = false;
    {
      std::lock_guard lock(shared->mutex);
      const TopModel& model = shared->feed.model();
      if (!force && model.generation() == drawn) {
        unchanged = true;
      } else {
        const TopView base = shared->feed.view();
        view.key_names = base.key_names;
        view.by = base.by;
        view.top = base.top;
        view.spark_windows = base.spark_windows;
        view.ascii = base.ascii;
        view.mark_sort = true;
        if (sort_set) set_sort(view, model, sort_index);
        shown = render_screen(model, view, state, screen.width(), screen.height());
        drawn = model.generation();
      }
    }
    // Unchanged, the screen is still written again: the other stages' messages on
    // standard error may have drawn over it.
    if (unchanged) screen.repaint();
    else screen.draw(shown);
  };
  draw(true);

  bool quit = false;
  while (!quit) {
    const auto now = Clock::now();
    int timeout =
        state.paused || state.ended
            ? 1000
            : static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(next_draw - now).count());
    pollfd fds[2] = {{screen.key_fd(), POLLIN, 0}, {shared->wake[0], POLLIN, 0}};
    ::poll(fds, 2, std::max(timeout, 0));
    if (fds[1].revents & POLLIN) {
      char sink[64];
      [[maybe_unused]] const auto n = ::read(shared->wake[0], sink, sizeof sink);
    }
    bool redraw = false;
    for (int key = screen.next_key(); key != CursesScreen::kNone; key = screen.next_key()) {
      if (key == 'q' || key == 'Q') {
        quit = true;
      } else if (key == 'p' || key == 'P' || key == ' ') {
        state.paused = !state.paused;
        if (state.paused) redraw = true;  // once, to say so
        else next_draw = Clock::now();
      } else if (key == 's' || key == 'S' || (key >= '0' && key <= '9')) {
        std::lock_guard lock(shared->mutex);
        const size_t columns = shown_columns(shared->feed.model(), view).size();
        if (key == 's') sort_index = (sort_index + 1) % (columns + 1);
        else if (key == 'S') sort_index = (sort_index + columns) % (columns + 1);
        else if (key == '0') sort_index = columns;
        else if (static_cast<size_t>(key - '1') < columns) sort_index = static_cast<size_t>(key - '1');
        sort_set = true;
        if (!state.paused) redraw = true;
      } else if (key == kCtrlL) {
        screen.repaint();
      } else if (key == CursesScreen::kResize) {
        if (state.paused) {
          // The frozen screen, cut to the new size.
          std::vector<std::string> cut;
          for (size_t i = 0; i < shown.size() && i < screen.height(); ++i)
            cut.push_back(cut_to_width(shown[i], screen.width()));
          screen.draw(cut);
        } else {
          redraw = true;
        }
      }
    }
    if (stop_requested()) quit = true;
    if (shared->ended && !state.ended) {
      state.ended = true;
      redraw = !state.paused;
      if (shared->error || options.once) quit = true;
    }
    if (redraw) {
      draw(true);
      next_draw = Clock::now() + interval;
    } else if (!state.paused && Clock::now() >= next_draw) {
      draw(false);
      next_draw = Clock::now() + interval;
    }
  }
  screen.end();
  shared->quit = true;
  // A reader blocked on a quiet pipe is left to the end of the process, which it
  // shares nothing with but `shared`.
  if (shared->ended) reader.join();
  else reader.detach();
  if (shared->error) std::rethrow_exception(shared->error);

  std::lock_guard lock(shared->mutex);
  TopFeed& feed = shared->feed;
  if (options.once) {
    OutputBuffer out(1, "<stdout>");
    TopView plain = feed.view();
    if (const TopWindow* window = feed.model().newest_closed())
      out.buffer() += render_plain(feed.model(), *window, plain);
    else out.buffer() += render_plain_empty(feed.model());
    out.flush();
  }
  if (feed.model().bad() > 0)
    fmt::print(stderr, "{}: last bad line: {}\n", tool_name(), feed.model().last_bad_message());
  feed.print_summary();
  check_by(options, feed.model());
  return 0;
}

}  // namespace

int run_top_plain(const TopOptions& options, OutputBuffer& out) {
  TopFeed feed(options);
  TopView view = feed.view();
  bool view_has_key = false;
  feed.model().on_close([&](const TopWindow& window) {
    if (!view_has_key) {
      view = feed.view();  // the key fields are known once a row came
      view_has_key = true;
    }
    if (!options.once) out.buffer() += render_plain(feed.model(), window, view);
  });
  install_stop_handlers();
  LineReader& reader = feed.lines();
  reader.set_before_block([&] {
    out.flush();
    feed.diagnostics().flush();
  });
  Line line;
  while (!stop_requested()) {
    const ReadStatus status = reader.next(line);
    if (status == ReadStatus::end) break;
    if (status == ReadStatus::interrupted) continue;
    feed.handle_line(line);
    out.flush_if_full();
  }
  feed.model().finish();
  if (feed.model().rows() == 0) {
    out.buffer() += render_plain_empty(feed.model());
  } else if (options.once) {
    if (const TopWindow* window = feed.model().newest_closed())
      out.buffer() += render_plain(feed.model(), *window, feed.view());
  }
  out.flush();
  feed.print_summary();
  check_by(options, feed.model());
  return 0;
}

int run_top(const TopOptions& options) {
  const bool from_stdin =
      options.stream.inputs.empty() || (options.stream.inputs.size() == 1 && options.stream.inputs[0] == "-");
  if (!options.plain && ::isatty(1)) {
    if (from_stdin && ::isatty(0))
      throw_usage("stdin is a terminal: pipe rows into ss-top (ss-window or ss-sessionize output) or name a file");
    utf8_locale();  // ncurses draws UTF-8 only under a UTF-8 LC_CTYPE
    std::unique_ptr<CursesScreen> screen;
    try {
      screen = std::make_unique<CursesScreen>();
    } catch (const Error& e) {
      fmt::print(stderr, "{}: warning: {}: printing plain tables\n", tool_name(), e.what());
    }
    if (screen) return run_terminal(options, *screen);
  }
  OutputBuffer out(1, "<stdout>");
  return run_top_plain(options, out);
}

}  // namespace ss
