package daily

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/atomicfile"
	"github.com/commonplace-book/commonplace/model"
)

// HistoryHeader is the comment line that starts a new history file.
const HistoryHeader = "# commonplace feed history: one line per day issued, DATE QUOTE-ID ENTRY:LINE; days in order, no gaps; lines never change\n"

// MaxNewDays is the most days one run records in a history unless forced.
const MaxNewDays = 366

// ErrTooManyDays is returned when a run would record more than MaxNewDays
// new days in a history and was not forced.
var ErrTooManyDays = errors.New("too many new days")

// Record is one line of a history file: the day, the quote issued that day
// and where the quote was when it was issued.
type Record struct {
	Day     Day
	QuoteID string
	// Path and Line locate the quote in the collection when it was issued.
	Path string
	Line int
	// At is the line of the history file the record was read from (0 for
	// a record this run added).
	At int
}

// String formats r as a history line without its newline:
// "2026-11-24 QUOTE-ID path/to/entry.md:12". A path that could not be
// read back as written — one with a control character (a newline, ESC),
// a bidi override or another invisible format character, invalid UTF-8,
// a leading double quote, or spaces at either end — is written as a
// Go-quoted string ("a\nb.md":12), so a file name can never add a line
// to the history or hide what it says.
func (r Record) String() string {
	return r.Day.String() + " " + r.QuoteID + " " + QuotePath(r.Path) + ":" + strconv.Itoa(r.Line)
}

// QuotePath returns path as a history file writes it: as it is when it
// reads back unchanged, else Go-quoted (see Record.String).
func QuotePath(path string) string {
	if path == "" || path[0] == '"' || strings.TrimSpace(path) != path || !visible(path) {
		return strconv.Quote(path)
	}
	return path
}

// visible reports whether s is valid UTF-8 without control characters
// (newlines, carriage returns, ESC), bidi overrides or other invisible
// format characters, or line and paragraph separators: text that shows
// as it reads, on one line.
func visible(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			return false
		}
	}
	return true
}

// ParseRecord parses one history line (see Record.String). The path may
// contain spaces; the line number follows its last colon. A path in
// double quotes is unquoted as Go does.
func ParseRecord(line string) (Record, error) {
	f := strings.SplitN(strings.TrimSpace(line), " ", 3)
	if len(f) != 3 || f[1] == "" {
		return Record{}, fmt.Errorf("want DATE QUOTE-ID ENTRY:LINE, got %q", line)
	}
	d, err := ParseDay(f[0])
	if err != nil {
		return Record{}, err
	}
	if !visible(f[1]) {
		// quote IDs are letters, digits and dashes (q3f2a9c01b7e4); one
		// with a carriage return or an override would print as
		// something else than it is
		return Record{}, fmt.Errorf("want a quote ID without control or format characters, got %q", f[1])
	}
	loc := strings.TrimSpace(f[2])
	path := ""
	if strings.HasPrefix(loc, `"`) {
		q, err := strconv.QuotedPrefix(loc)
		if err != nil {
			return Record{}, fmt.Errorf("want \"ENTRY\":LINE with a closed, valid quoted path, got %q", loc)
		}
		path, _ = strconv.Unquote(q)
		loc = loc[len(q):]
		if !strings.HasPrefix(loc, ":") {
			return Record{}, fmt.Errorf("want \"ENTRY\":LINE, got %q", f[2])
		}
	} else {
		i := strings.LastIndexByte(loc, ':')
		if i <= 0 {
			return Record{}, fmt.Errorf("want ENTRY:LINE, got %q", loc)
		}
		path, loc = loc[:i], loc[i:]
	}
	n, err := strconv.Atoi(loc[1:])
	if err != nil || n < 0 {
		return Record{}, fmt.Errorf("want ENTRY:LINE, got %q", f[2])
	}
	return Record{Day: d, QuoteID: f[1], Path: path, Line: n}, nil
}

// HistoryError lists the problems that make a history unsafe to use: a
// line that does not parse (other than a torn last line), a day recorded
// twice, days out of order, a gap. The run stops without writing.
type HistoryError struct {
	Problems []model.Problem
}

func (e *HistoryError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p.String())
	}
	b.WriteString("\nstopped without writing the history: fix these lines and run again")
	return b.String()
}

// ReadHistory parses and validates a history: blank lines and lines
// starting with # are skipped. A last line without its newline that does
// not parse is a write cut short: it is left out and reported as a
// warning. Every other problem — a bad line, a duplicate day, days out of
// order, a gap — is collected into a *HistoryError naming name and the
// line.
func ReadHistory(r io.Reader, name string) ([]Record, []model.Problem, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	return parseHistory(data, name)
}

func parseHistory(data []byte, name string) ([]Record, []model.Problem, error) {
	var out []Record
	var warns, errs []model.Problem
	bad := func(line int, format string, args ...any) {
		errs = append(errs, model.Problem{Path: name, Line: line, Severity: model.Error, Message: fmt.Sprintf(format, args...)})
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	seen := map[Day]int{}
	// A last line without its newline may be a record cut short; it is
	// the one the data ends with, trailing blanks aside (found once:
	// looked for at every bad line, a file of bad lines ending in a long
	// run of blanks took quadratic time).
	unended := !bytes.HasSuffix(data, []byte("\n"))
	trimmed := bytes.TrimRight(data, " \t\r")
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rec, err := ParseRecord(line)
		if err != nil {
			if unended && bytes.HasSuffix(trimmed, sc.Bytes()) {
				warns = append(warns, model.Problem{Path: name, Line: n, Severity: model.Warning,
					Message: fmt.Sprintf("torn last line %q (a run was cut short while writing): left out; continuing, the next write repairs the file", line)})
				break
			}
			bad(n, "%v", err)
			continue
		}
		rec.At = n
		if at, dup := seen[rec.Day]; dup {
			bad(n, "day %s recorded twice (first on line %d)", rec.Day, at)
			continue
		}
		seen[rec.Day] = n
		if k := len(out); k > 0 {
			prev := out[k-1]
			switch {
			case rec.Day < prev.Day:
				bad(n, "day %s out of order: it comes after %s (line %d)", rec.Day, prev.Day, prev.At)
				continue
			case rec.Day > prev.Day+1:
				if rec.Day == prev.Day+2 {
					bad(n, "gap: day %s is missing between line %d (%s) and this line (%s)", prev.Day+1, prev.At, prev.Day, rec.Day)
				} else {
					bad(n, "gap: days %s to %s are missing between line %d (%s) and this line (%s)", prev.Day+1, rec.Day-1, prev.At, prev.Day, rec.Day)
				}
			}
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("history: %s: %w", name, err)
	}
	if len(errs) > 0 {
		return nil, warns, &HistoryError{Problems: errs}
	}
	return out, warns, nil
}

// MaxHistorySize is the largest history file read: a line a day, it
// holds centuries of days.
const MaxHistorySize = 32 << 20

// History is an open, locked history file. Open it, Issue the days, then
// Close it: the lock is held throughout, so two runs at once cannot issue
// the same day twice or interleave their lines.
type History struct {
	path string
	f    *os.File
	// Records are the file's records, one per consecutive day, oldest
	// first.
	Records []Record
	// Warnings are the problems the run can continue with (a torn last
	// line), each naming its line.
	Warnings []model.Problem
	// torn is true when the file does not end with a newline.
	torn bool
	// dirty is true when the file needs rewriting (a torn partial line).
	dirty bool
	// exists is false until the file exists on disk.
	exists bool
}

// OpenHistory opens the history file at path (which need not exist: it is
// created by the first write), takes an exclusive lock on it (waiting for
// another run to finish) and reads and validates its records. A history
// with problems that are not safe to continue with returns a
// *HistoryError listing every one, and nothing is written.
func OpenHistory(path string) (*History, error) {
	for {
		// Checked before opening: opening a FIFO blocks, and a device
		// such as /dev/zero would be read forever.
		if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
			return nil, fmt.Errorf("history: %s is not a regular file", model.Safe(path, 120))
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			f.Close()
			return nil, fmt.Errorf("history: %s is not a regular file", model.Safe(path, 120))
		}
		if err := lock(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("history: lock %s: %w", path, err)
		}
		// Another run may have replaced the file while we waited: lock
		// the file that is at path now.
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(path)
		if err1 != nil || err2 != nil || !os.SameFile(fi, pi) {
			unlock(f)
			f.Close()
			continue
		}
		h, err := readOpen(path, f)
		if err != nil {
			unlock(f)
			f.Close()
			return nil, err
		}
		return h, nil
	}
}

func readOpen(path string, f *os.File) (*History, error) {
	data, err := io.ReadAll(io.LimitReader(f, MaxHistorySize+1))
	if err != nil {
		return nil, fmt.Errorf("history: read %s: %w", path, err)
	}
	if len(data) > MaxHistorySize {
		return nil, fmt.Errorf("history: %s is over the %d MB limit for a history (a line a day)", model.Safe(path, 120), MaxHistorySize>>20)
	}
	recs, warns, err := parseHistory(data, path)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	h := &History{path: path, f: f, Records: recs, Warnings: warns, exists: len(data) > 0}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		// A complete last line just needs its newline; a partial one was
		// never a record and goes at the next write.
		if n := len(recs); n > 0 && strings.HasSuffix(strings.TrimRight(string(data), " \t\r"), recs[n-1].String()) {
			h.torn = true
		} else {
			h.dirty = true
		}
	}
	return h, nil
}

// Last returns the last recorded day and true, or false when no day is
// recorded.
func (h *History) Last() (Day, bool) {
	if len(h.Records) == 0 {
		return 0, false
	}
	return h.Records[len(h.Records)-1].Day, true
}

// First returns the first recorded day and true, or false when no day is
// recorded.
func (h *History) First() (Day, bool) {
	if len(h.Records) == 0 {
		return 0, false
	}
	return h.Records[0].Day, true
}

// record adds recs (consecutive days, oldest first) before the first or
// after the last recorded day. Days after the history are appended in one
// write; days before it, or a file to repair, mean the whole file is
// written to a temporary file and renamed over the old one, so a crash
// leaves either the old or the new history.
func (h *History) record(before, after []Record) error {
	if len(before) == 0 && len(after) == 0 {
		return nil
	}
	if len(before) == 0 && !h.dirty && h.exists {
		var b strings.Builder
		if h.torn {
			b.WriteByte('\n')
		}
		for _, r := range after {
			b.WriteString(r.String())
			b.WriteByte('\n')
		}
		if _, err := h.f.Seek(0, io.SeekEnd); err != nil {
			return fmt.Errorf("history: %s: %w", h.path, err)
		}
		if _, err := h.f.WriteString(b.String()); err != nil {
			return fmt.Errorf("history: write %s: %w", h.path, err)
		}
		if err := h.f.Sync(); err != nil {
			return fmt.Errorf("history: sync %s: %w", h.path, err)
		}
		h.torn = false
		h.Records = append(h.Records, after...)
		return nil
	}
	all := make([]Record, 0, len(before)+len(h.Records)+len(after))
	all = append(append(append(all, before...), h.Records...), after...)
	var b strings.Builder
	b.WriteString(HistoryHeader)
	for i := range all {
		r := &all[i]
		r.At = i + 2 // after the header
		b.WriteString(r.String())
		b.WriteByte('\n')
	}
	if err := replaceFile(h.path, []byte(b.String())); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	h.Records, h.torn, h.dirty, h.exists = all, false, false, true
	return nil
}

// replaceFile writes data to a temporary file beside path, syncs it and
// renames it over path.
func replaceFile(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data, 0o644, "."+filepath.Base(path)+".*.tmp"); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Close releases the lock and closes the file. An empty history file that
// no run wrote to is removed, so that a preview leaves nothing behind.
func (h *History) Close() error {
	if h == nil || h.f == nil {
		return nil
	}
	if !h.exists {
		if fi, err := h.f.Stat(); err == nil && fi.Size() == 0 {
			os.Remove(h.path)
		}
	}
	unlock(h.f)
	err := h.f.Close()
	h.f = nil
	if err != nil {
		return fmt.Errorf("history: close %s: %w", h.path, err)
	}
	return nil
}
