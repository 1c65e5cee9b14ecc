package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/server"
)

type serveOptions struct {
	listen   string
	exposed  bool
	noWatch  bool
	editor   bool
	onListen func(addr string) // for tests
	stop     <-chan struct{}   // for tests; nil means Ctrl-C
}

func (a *app) serveCommand() *cobra.Command {
	o := &serveOptions{}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the site locally, rebuilding and reloading on change",
		Long: `Build the site into a temporary folder and serve it, with the search API at
/api/search?q=. When a document, the glossary or concord.yaml changes, the
site is rebuilt and open pages reload. A rebuild that fails keeps the last
good site and shows the error (file, line and what to fix) in a banner at
the top of every open page, until a rebuild succeeds.

serve builds the editors' view, with the consistency report and every
finding marked in its sentence; --editor=false serves the site as readers
will see it.

The server listens on 127.0.0.1 only. To listen on another address (a
container, a shared machine) give it with --listen and add --expose, which
says you mean it. Ctrl-C stops it cleanly.

It answers only requests addressed to the names it listens on (localhost,
127.0.0.1, ::1 and the --listen host; any IP address when listening on all
of them), so a web page elsewhere cannot reach it by pointing its own name
at this machine (421 Misdirected Request). Searches take turns, a few at a
time; one that cannot start within 2 seconds is answered 503 with
Retry-After.

` + exitHelp("stopped by Ctrl-C"),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runServe(o) },
	}
	f := c.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	f.BoolVar(&o.exposed, "expose", false, "allow --listen on an address other than loopback")
	f.BoolVar(&o.noWatch, "no-watch", false, "do not rebuild when files change")
	f.BoolVar(&o.editor, "editor", true, "serve the editors' view (findings marked in the text, the consistency report); --editor=false for the readers' view")
	return c
}

func (a *app) runServe(o *serveOptions) error {
	if !server.IsLoopback(o.listen) && !o.exposed {
		return usageErr("--listen %s is not a loopback address; add --expose to serve beyond this machine", o.listen)
	}
	s, err := a.runner().StartServe(run.ServeOptions{Listen: o.listen, Editor: o.editor, Watch: !o.noWatch,
		Rebuilt: func(took time.Duration, summary string, err error) {
			if err != nil {
				printError(a.stderr, fmt.Errorf("rebuild failed, still serving the last good site: %w", err))
				return
			}
			fmt.Fprintf(a.stdout, "rebuilt in %v: %s\n", took.Round(time.Millisecond), summary)
		}})
	var le *run.ListenError
	if errors.As(err, &le) {
		return usageErr("%v", le)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(a.stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", s.Summary(), s.Addr())
	if o.onListen != nil {
		o.onListen(s.Addr())
	}
	stop := o.stop
	if stop == nil {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sig)
		ch := make(chan struct{})
		go func() { <-sig; close(ch) }()
		stop = ch
	}
	if err := s.Wait(stop); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "stopping")
	return s.Close()
}
