package browsertest

import (
	"fmt"
	"os"
	"testing"
)

// sharedDir holds what the package's tests share: the sites built once.
var sharedDir string

func TestMain(m *testing.M) {
	var err error
	if sharedDir, err = os.MkdirTemp("", "xihu-browsertest-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	StopBrowser()
	os.RemoveAll(sharedDir)
	os.Exit(code)
}
