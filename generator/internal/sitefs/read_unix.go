//go:build unix

package sitefs

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// descriptor returns the descriptor of the open folder d.
func descriptor(d *os.File) int { return int(d.Fd()) }

// readAt reads the regular file base of the folder dirfd. It does not follow
// a symbolic link (base is the last part of the path, so no other part can
// lead out of the folder), and it does not open what is not a regular file:
// a FIFO would block. ok is false for anything it leaves to os.Root.
func readAt(dirfd int, base string, buf []byte) (b []byte, ok bool) {
	fd, err := unix.Openat(dirfd, base, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false
	}
	// The file is read as far as its size when it was opened: once that
	// much has come, no call is made only to be told the file ends there.
	size := int(st.Size)
	if b = buf[:0]; cap(b) < size {
		b = make([]byte, 0, size)
	}
	for len(b) < size {
		n, err := unix.Read(fd, b[len(b):size])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n == 0 {
			break
		}
		b = b[:len(b)+n]
	}
	return b, true
}

// readDirAt lists the folder dirfd (called name in messages), unsorted.
func readDirAt(dirfd int, name string) ([]fs.DirEntry, bool) {
	fd, err := unix.Openat(dirfd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	d := os.NewFile(uintptr(fd), name)
	defer d.Close()
	es, err := d.ReadDir(-1)
	return es, err == nil
}
