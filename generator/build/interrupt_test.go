package build

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"xihuguide/generator/publish"
)

// A build interrupted while it writes (Ctrl+C, or CI stopping it) removes
// the tree it was writing beside the output before it ends, and the output
// keeps the previous build. The build runs in a child process, which the
// test interrupts once the tree is half written.
func TestInterruptRemovesTheTree(t *testing.T) {
	if out := os.Getenv("INTERRUPT_CHILD_OUT"); out != "" {
		tree, err := publish.Begin(out)
		if err != nil {
			os.Exit(3)
		}
		defer removeOnInterrupt(tree)()
		tree.Write("half/written.html", []byte("x"))
		os.Stdout.WriteString("ready\n")
		select {}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "index.html"), []byte("previous"), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptRemovesTheTree$")
	cmd.Env = append(os.Environ(), "INTERRUPT_CHILD_OUT="+out)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("the child said %q", line)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".public-new-*")); len(left) != 1 {
		t.Fatalf("while writing: %v", left)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() || st.Signal() != syscall.SIGINT {
		t.Errorf("the child ended with %v, not by the interrupt", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".public-new-*")); len(left) > 0 {
		t.Errorf("left behind after the interrupt: %v", left)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "previous" {
		t.Errorf("the output holds %q", b)
	}
}
