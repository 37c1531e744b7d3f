//go:build !unix

package publish

import "os"

func writeFile(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }
