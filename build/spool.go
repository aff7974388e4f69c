package build

import (
	"io"

	"github.com/commonplace-book/commonplace/internal/spill"
)

// spoolMemory is how much of an output to standard output a spool holds
// in memory before it moves to a temporary file.
const spoolMemory = 8 << 20

// spool holds an output to standard output until it is complete, so that
// a failed render writes nothing: in a spill (internal/spill), in memory
// up to limit bytes, then in a temporary file removed from its folder at
// once, so that a large output — a fortune database of every quote — is
// not held in memory. Where no temporary file can be made it stays in
// memory.
type spool struct {
	limit int
	sp    *spill.Spill
	size  int64 // bytes written
	err   error
}

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.sp == nil {
		s.sp = spill.New("output", int64(s.limit))
	}
	if _, err := s.sp.AddBytes(p); err != nil {
		s.err = err
		return 0, err
	}
	s.size += int64(len(p))
	return len(p), nil
}

// inFile reports whether the spool has moved to its temporary file.
func (s *spool) inFile() bool { return s.sp != nil && s.sp.InFile() }

// writeTo writes what the spool holds to w, a megabyte at a time.
func (s *spool) writeTo(w io.Writer) error {
	if s.err != nil || s.sp == nil {
		return s.err
	}
	r := s.sp.NewReader()
	for off := int64(0); off < s.size; {
		b, err := r.Read(off, min(s.size-off, 1<<20))
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		off += int64(len(b))
	}
	return nil
}

// close releases the spool's file.
func (s *spool) close() { s.sp.Close() }
