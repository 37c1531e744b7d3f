//go:build !unix

package diag

import (
	"errors"
	"os"
)

// readNoFollow reads the file at p, or fails when p is a link, which the
// caller then looks through.
func readNoFollow(p string) ([]byte, error) {
	if st, err := os.Lstat(p); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return nil, errors.New("a link")
	}
	return os.ReadFile(p)
}
