package daily

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// HistoryHeader is the comment line that starts a new history file.
const HistoryHeader = "# commonplace feed history: one line per day issued, DATE QUOTE-ID ENTRY:LINE; append-only, lines never change\n"

// Record is one line of a history file: the day, the quote issued that day
// and where the quote was when it was issued.
type Record struct {
	Day     Day
	QuoteID string
	// Path and Line locate the quote in the collection when it was issued.
	Path string
	Line int
}

// String formats r as a history line without its newline:
// "2026-11-24 QUOTE-ID path/to/entry.md:12".
func (r Record) String() string {
	return r.Day.String() + " " + r.QuoteID + " " + r.Path + ":" + strconv.Itoa(r.Line)
}

// ParseRecord parses one history line (see Record.String). The path may
// contain spaces; the line number follows its last colon.
func ParseRecord(line string) (Record, error) {
	f := strings.SplitN(strings.TrimSpace(line), " ", 3)
	if len(f) != 3 || f[1] == "" {
		return Record{}, fmt.Errorf("want DATE QUOTE-ID ENTRY:LINE, got %q", line)
	}
	d, err := ParseDay(f[0])
	if err != nil {
		return Record{}, err
	}
	loc := strings.TrimSpace(f[2])
	i := strings.LastIndexByte(loc, ':')
	if i <= 0 {
		return Record{}, fmt.Errorf("want ENTRY:LINE, got %q", loc)
	}
	n, err := strconv.Atoi(loc[i+1:])
	if err != nil || n < 0 {
		return Record{}, fmt.Errorf("want ENTRY:LINE, got %q", loc)
	}
	return Record{Day: d, QuoteID: f[1], Path: loc[:i], Line: n}, nil
}

// ReadHistory parses a history: blank lines and lines starting with # are
// skipped. A last line without its newline that does not parse is taken
// as a write cut short and ignored; any other bad line is an error naming
// name and the line number.
func ReadHistory(r io.Reader, name string) ([]Record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return parseHistory(data, name)
}

func parseHistory(data []byte, name string) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rec, err := ParseRecord(line)
		if err != nil {
			if !bytes.HasSuffix(data, []byte("\n")) && bytes.HasSuffix(bytes.TrimRight(data, " \t\r"), []byte(sc.Text())) {
				break // torn last line
			}
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// History is an open, locked history file. Open it, read Records, append
// the new days, then Close it: the lock is held throughout, so two runs at
// once cannot issue the same day twice or interleave their lines.
type History struct {
	path string
	f    *os.File
	// Records are the file's records in file order.
	Records []Record
	// torn is true when the file does not end with a newline.
	torn bool
}

// OpenHistory opens the history file at path, creating it when it does
// not exist, takes an exclusive lock on it (waiting for another run to
// finish) and reads its records.
func OpenHistory(path string) (*History, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if err := lock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("history: lock %s: %w", path, err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("history: read %s: %w", path, err)
	}
	recs, err := parseHistory(data, path)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("history: %w", err)
	}
	h := &History{path: path, f: f, Records: recs}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		// A run was cut short in the middle of its write. A complete
		// last line just gets its newline; a partial one was never a
		// record and is dropped.
		if n := len(recs); n > 0 && strings.HasSuffix(strings.TrimRight(string(data), " \t\r"), recs[n-1].String()) {
			h.torn = true
		} else if err := f.Truncate(int64(bytes.LastIndexByte(data, '\n') + 1)); err != nil {
			f.Close()
			return nil, fmt.Errorf("history: repair %s: %w", path, err)
		}
	}
	if len(data) == 0 {
		if _, err := f.WriteString(HistoryHeader); err != nil {
			f.Close()
			return nil, fmt.Errorf("history: write %s: %w", path, err)
		}
	}
	return h, nil
}

// Last returns the last recorded day and true, or false when no day is
// recorded.
func (h *History) Last() (Day, bool) {
	recs := Normalize(h.Records)
	if len(recs) == 0 {
		return 0, false
	}
	return recs[len(recs)-1].Day, true
}

// Append records the picks that are not recorded yet and come after the
// last recorded day, in one write, and syncs the file. Picks of recorded
// days and of days before the last recorded day are left out: a history
// only grows at its end.
func (h *History) Append(picks []Pick) error {
	last, any := h.Last()
	var b strings.Builder
	if h.torn {
		b.WriteByte('\n')
	}
	var added []Record
	for _, p := range picks {
		if p.Record != nil || !p.Found() || (any && p.Day <= last) {
			continue
		}
		if len(added) > 0 && p.Day <= added[len(added)-1].Day {
			continue
		}
		r := Record{Day: p.Day, QuoteID: p.Item.Quote.ID, Path: p.Item.Entry.Path, Line: p.Item.Quote.Line}
		b.WriteString(r.String())
		b.WriteByte('\n')
		added = append(added, r)
	}
	if len(added) == 0 {
		return nil
	}
	if _, err := h.f.WriteString(b.String()); err != nil {
		return fmt.Errorf("history: write %s: %w", h.path, err)
	}
	if err := h.f.Sync(); err != nil {
		return fmt.Errorf("history: sync %s: %w", h.path, err)
	}
	h.torn = false
	h.Records = append(h.Records, added...)
	return nil
}

// Close releases the lock and closes the file.
func (h *History) Close() error {
	if h == nil || h.f == nil {
		return nil
	}
	unlock(h.f)
	err := h.f.Close()
	h.f = nil
	if err != nil {
		return fmt.Errorf("history: close %s: %w", h.path, err)
	}
	return nil
}

// Issue returns the picks of the n days ending at last, oldest first. With
// a history h, it first fixes every day from the day after h's last
// recorded day up to last, appending them to h; days already recorded keep
// their quotes. An empty history starts at last: the days before the first
// use follow the plain schedule, so the history a run leaves does not
// depend on the length of its window (text, 1 day, and a 30-day feed
// written in any order leave the same file). h may be nil.
func (s *Schedule) Issue(last Day, n int, h *History) ([]Pick, error) {
	if n < 1 {
		n = 1
	}
	first := last - Day(n) + 1
	if h == nil {
		return s.Picks(first, n, nil)
	}
	from := last
	if l, ok := h.Last(); ok {
		from = l + 1
	}
	if from <= last {
		fresh, err := s.Picks(from, int(last-from)+1, h.Records)
		if err != nil {
			return nil, err
		}
		if err := h.Append(fresh); err != nil {
			return nil, err
		}
	}
	return s.Picks(first, n, h.Records)
}
