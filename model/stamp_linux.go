package model

import "golang.org/x/sys/unix"

// lstatStamp returns the size and modification time (UnixNano) of the
// file p, as fileStamp does, without allocating a FileInfo.
func lstatStamp(p string) (size, mtime int64, err error) {
	var st unix.Stat_t
	for {
		err = unix.Lstat(p, &st)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, err
	}
	return int64(st.Size), int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), nil
}
