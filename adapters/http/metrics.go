package httpapi

import (
	"database/sql"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the Prometheus collectors of the service, on a registry of
// their own rather than the global one: nothing a library registers behind
// our back is exposed, and tests can make as many as they like. A nil
// *Metrics is valid and measures nothing (the router then serves no
// /metrics), so callers that do not want metrics pass none.
type Metrics struct {
	// Registry is what /metrics serves: the collectors below, the Go runtime
	// and process collectors, and what RegisterDBStats adds.
	Registry *prometheus.Registry
	// StreamSubscribers is the number of open event streams; the stream
	// handler calls StreamOpened and StreamClosed (or uses the gauge).
	StreamSubscribers prometheus.Gauge

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	uploads     *prometheus.CounterVec
	uploadBytes *prometheus.CounterVec
}

// durationBuckets start at a millisecond: most API calls are answered in a
// few, and the default buckets (from 5 ms) would lump them together.
var durationBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// NewMetrics makes the collectors and registers them, with the Go runtime
// and process collectors, on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		StreamSubscribers: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "enquete_stream_subscribers", Help: "Event streams currently open."}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests answered, by method, route template (unmatched for unknown paths) and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "Time to answer an HTTP request, by method and route template.",
			Buckets: durationBuckets,
		}, []string{"method", "route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_requests_in_flight", Help: "HTTP requests being answered."}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "enquete_uploads_total",
			Help: "Upload requests, by kind (attachment, photo, avatar) and outcome.",
		}, []string{"kind", "outcome"}),
		uploadBytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "enquete_upload_bytes_total",
			Help: "Request body bytes read from upload requests, by kind and outcome.",
		}, []string{"kind", "outcome"}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.StreamSubscribers, m.requests, m.duration, m.inFlight, m.uploads, m.uploadBytes,
	)
	return m
}

// StreamOpened counts an event stream that starts; nil-safe.
func (m *Metrics) StreamOpened() {
	if m != nil {
		m.StreamSubscribers.Inc()
	}
}

// StreamClosed counts an event stream that ends; nil-safe.
func (m *Metrics) StreamClosed() {
	if m != nil {
		m.StreamSubscribers.Dec()
	}
}

// RegisterDBStats exposes a database pool's statistics under the names
// client_golang's own DB collector uses (go_sql_*, labelled db_name), so
// that existing dashboards apply. stats is read at every scrape; pass a
// method value such as db.Stats, which keeps the adapter's *sql.DB out of
// this package's API.
func RegisterDBStats(reg prometheus.Registerer, name string, stats func() sql.DBStats) error {
	return reg.Register(newDBStatsCollector(name, stats))
}

type dbStatsCollector struct {
	stats func() sql.DBStats
	descs dbStatsDescs
}

type dbStatsDescs struct {
	maxOpen, open, inUse, idle, waitCount, waitDuration, maxIdleClosed, maxIdleTimeClosed, maxLifetimeClosed *prometheus.Desc
}

func newDBStatsCollector(name string, stats func() sql.DBStats) *dbStatsCollector {
	labels := prometheus.Labels{"db_name": name}
	desc := func(metric, help string) *prometheus.Desc {
		return prometheus.NewDesc("go_sql_"+metric, help, nil, labels)
	}
	return &dbStatsCollector{stats: stats, descs: dbStatsDescs{
		maxOpen:           desc("max_open_connections", "Maximum number of open connections to the database."),
		open:              desc("open_connections", "The number of established connections both in use and idle."),
		inUse:             desc("in_use_connections", "The number of connections currently in use."),
		idle:              desc("idle_connections", "The number of idle connections."),
		waitCount:         desc("wait_count_total", "The total number of connections waited for."),
		waitDuration:      desc("wait_duration_seconds_total", "The total time blocked waiting for a new connection."),
		maxIdleClosed:     desc("max_idle_closed_total", "The total number of connections closed due to SetMaxIdleConns."),
		maxIdleTimeClosed: desc("max_idle_time_closed_total", "The total number of connections closed due to SetConnMaxIdleTime."),
		maxLifetimeClosed: desc("max_lifetime_closed_total", "The total number of connections closed due to SetConnMaxLifetime."),
	}}
}

func (c *dbStatsCollector) Describe(ch chan<- *prometheus.Desc) {
	d := c.descs
	for _, desc := range []*prometheus.Desc{d.maxOpen, d.open, d.inUse, d.idle, d.waitCount, d.waitDuration,
		d.maxIdleClosed, d.maxIdleTimeClosed, d.maxLifetimeClosed} {
		ch <- desc
	}
}

func (c *dbStatsCollector) Collect(ch chan<- prometheus.Metric) {
	s, d := c.stats(), c.descs
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	ch <- prometheus.MustNewConstMetric(d.maxOpen, gauge, float64(s.MaxOpenConnections))
	ch <- prometheus.MustNewConstMetric(d.open, gauge, float64(s.OpenConnections))
	ch <- prometheus.MustNewConstMetric(d.inUse, gauge, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(d.idle, gauge, float64(s.Idle))
	ch <- prometheus.MustNewConstMetric(d.waitCount, counter, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(d.waitDuration, counter, s.WaitDuration.Seconds())
	ch <- prometheus.MustNewConstMetric(d.maxIdleClosed, counter, float64(s.MaxIdleClosed))
	ch <- prometheus.MustNewConstMetric(d.maxIdleTimeClosed, counter, float64(s.MaxIdleTimeClosed))
	ch <- prometheus.MustNewConstMetric(d.maxLifetimeClosed, counter, float64(s.MaxLifetimeClosed))
}
