//go:build linux && (amd64 || arm64)

package model

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// lstatStamp returns the size and modification time (UnixNano) of the
// file p, as fileStamp does, without allocating: buf (reused by the
// caller) holds the path NUL-terminated for the system call.
func lstatStamp(p string, buf *[]byte) (size, mtime int64, err error) {
	if len(p)+1 > cap(*buf) {
		*buf = make([]byte, 0, max(len(p)+1, 512))
	}
	b := append((*buf)[:0], p...)
	b = append(b, 0)
	*buf = b
	for i := 0; i < len(p); i++ {
		if p[i] == 0 {
			return 0, 0, unix.EINVAL
		}
	}
	var st unix.Stat_t
	for {
		_, _, e := unix.Syscall6(unix.SYS_NEWFSTATAT, uintptr(int64(atFDCWD)), uintptr(unsafe.Pointer(&b[0])),
			uintptr(unsafe.Pointer(&st)), uintptr(unix.AT_SYMLINK_NOFOLLOW), 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, 0, e
		}
		break
	}
	return int64(st.Size), int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), nil
}

// atFDCWD is unix.AT_FDCWD (-100) as a variable: a negative constant
// does not convert to uintptr.
var atFDCWD = unix.AT_FDCWD
