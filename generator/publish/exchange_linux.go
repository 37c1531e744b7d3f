package publish

import "golang.org/x/sys/unix"

// exchange swaps two paths in one step (renameat2 with RENAME_EXCHANGE), so
// that a reader of the output folder never finds it missing.
func renameExchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// alive reports whether a process with this id is running.
func alive(pid int) bool {
	return unix.Kill(pid, 0) != unix.ESRCH
}
