package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"xihuguide/generator/build"
	"xihuguide/generator/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site `folder`")
	host := fs.String("host", "127.0.0.1", "the `address` to listen on; anything but loopback exposes your drafts")
	port := fs.Int("port", 1313, "the `port` to listen on")
	date := fs.String("date", "", "show the site as on this `day` (YYYY-MM-DD)")
	lang := langFlag(fs)
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	day, err := asOf(*date)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if ip := net.ParseIP(*host); (ip == nil || !ip.IsLoopback()) && *host != "localhost" {
		fmt.Fprintf(stderr, "warning: listening on %s, not on loopback: other machines can see the preview\n", *host)
	}
	addr := net.JoinHostPort(*host, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	build.PreviewGC()
	srv := serve.NewIn(*lang, *root, day, stdout)
	srv.Hosts = []string{strings.Trim(*host, "[]")}
	stop := make(chan struct{})
	go func() {
		if err := srv.Watch(*root, stop); err != nil {
			fmt.Fprintln(stderr, "watching:", err)
		}
	}()
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	go func() {
		<-interrupt
		close(stop)
		ln.Close()
	}()
	fmt.Fprintf(stdout, "preview on http://%s/ (Ctrl+C to stop)\n", addr)
	if err := serve.HTTPServer(srv, 10*time.Second).Serve(ln); err != nil {
		select {
		case <-stop:
			return 0
		default:
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return 0
}
