package build

import (
	"bytes"
	"io"
	"os"
	"runtime"
)

// spoolMemory is how much of an output to standard output a spool holds
// in memory before it moves to a temporary file.
const spoolMemory = 8 << 20

// spool holds an output to standard output until it is complete, so that
// a failed render writes nothing: in memory up to limit bytes, then in a
// temporary file removed from its folder at once (where an open file can
// be removed; else when the spool is closed), so that a large output — a
// fortune database of every quote — is not held in memory. Where no
// temporary file can be made it stays in memory.
type spool struct {
	limit int
	size  int64 // bytes written
	buf   bytes.Buffer
	f     *os.File
	err   error
}

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.f == nil && s.buf.Len()+len(p) > s.limit {
		if f, err := os.CreateTemp("", "commonplace-output.*.tmp"); err == nil {
			if runtime.GOOS != "windows" {
				os.Remove(f.Name())
			}
			if _, err := f.Write(s.buf.Bytes()); err == nil {
				s.f = f
				s.buf = bytes.Buffer{}
			} else {
				closeTemp(f)
			}
		}
	}
	if s.f == nil {
		s.size += int64(len(p))
		return s.buf.Write(p)
	}
	n, err := s.f.Write(p)
	s.size += int64(n)
	if err != nil {
		s.err = err
	}
	return n, err
}

// writeTo writes what the spool holds to w.
func (s *spool) writeTo(w io.Writer) error {
	if s.err != nil {
		return s.err
	}
	if s.f == nil {
		_, err := w.Write(s.buf.Bytes())
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

// close releases the spool's file.
func (s *spool) close() {
	if s.f != nil {
		closeTemp(s.f)
		s.f = nil
	}
}

// closeTemp closes a temporary file, removing it where it could not be
// removed while open.
func closeTemp(f *os.File) {
	f.Close()
	if runtime.GOOS == "windows" {
		os.Remove(f.Name())
	}
}
