package benchgen

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"syscall"
	"time"
)

// Measurement is one timed run of a command.
type Measurement struct {
	Wall     time.Duration
	User     time.Duration
	System   time.Duration
	MaxRSSKB int64 // peak resident set size of the largest process, in KiB
	Exit     int
}

// Measure runs a command with the given standard streams and reports its
// wall time, CPU time and peak memory. It stands in for GNU time on
// machines without /usr/bin/time. The peak is the kernel's ru_maxrss for the
// child, which on Linux is the largest resident set of the process tree's
// biggest member, as GNU time reports it.
func Measure(argv []string, stdin io.Reader, stdout, stderr io.Writer) (*Measurement, error) {
	if len(argv) == 0 {
		return nil, errors.New("no command to measure")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	m := &Measurement{Wall: wall}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		m.Exit = ee.ExitCode()
	case err != nil:
		return nil, fmt.Errorf("run %s: %w", argv[0], err)
	}
	if ps := cmd.ProcessState; ps != nil {
		m.User, m.System = ps.UserTime(), ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			m.MaxRSSKB = int64(ru.Maxrss)
		}
	}
	return m, nil
}

// String is the line the bench script reads: key=value pairs.
func (m *Measurement) String() string {
	return fmt.Sprintf("wall_ms=%.1f user_ms=%.1f sys_ms=%.1f maxrss_kb=%d exit=%d",
		float64(m.Wall.Microseconds())/1000, float64(m.User.Microseconds())/1000, float64(m.System.Microseconds())/1000, m.MaxRSSKB, m.Exit)
}
