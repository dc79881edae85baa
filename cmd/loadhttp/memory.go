package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// memory is a process's memory as Linux reports it in /proc/<pid>/status.
type memory struct {
	RSSKiB int64 // VmRSS: resident now
	HWMKiB int64 // VmHWM: the peak resident size (since start, or since resetPeak)
}

func (m memory) String() string {
	if m.RSSKiB == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f/%.0f", float64(m.RSSKiB)/1024, float64(m.HWMKiB)/1024)
}

// readMemory reads VmRSS and VmHWM of pid; zero values without --pid.
func readMemory(pid int) (memory, error) {
	if pid <= 0 {
		return memory{}, nil
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	return parseStatus(raw)
}

func parseStatus(raw []byte) (memory, error) {
	var m memory
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		f := strings.Fields(val) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return m, fmt.Errorf("/proc status: unexpected %s line %q", key, sc.Text())
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return m, err
		}
		if key == "VmRSS" {
			m.RSSKiB = n
		} else {
			m.HWMKiB = n
		}
	}
	if m.RSSKiB == 0 {
		return m, fmt.Errorf("/proc status: no VmRSS")
	}
	return m, sc.Err()
}

// resetPeak sets VmHWM back to the current RSS (writing 5 to clear_refs,
// Linux ≥ 4.0; needs the right to write the server's /proc files), so that
// each scenario's peak is its own.
func resetPeak(pid int) error {
	if pid <= 0 {
		return nil
	}
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}
