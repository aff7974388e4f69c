//go:build linux

package model

import (
	"os"

	"golang.org/x/sys/unix"
)

// openRead opens the file p for reading. os.Open offers every file to the
// runtime's poller, which a regular file refuses: four fcntl calls and an
// epoll_ctl each time, as many system calls as the reading itself. An
// entry is read once, whole, blocking: os.NewFile keeps it out of the
// poller (one fcntl).
func openRead(p string) (*os.File, error) {
	for {
		fd, err := unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err == nil {
			return os.NewFile(uintptr(fd), p), nil
		}
		if err != unix.EINTR {
			return nil, &os.PathError{Op: "open", Path: p, Err: err}
		}
	}
}
