# Figure 1 of docs/performance.md, from ingest.dat (siaga_bench; bench/run runs this in
# bench/results/).
set terminal svg size 720,420 dynamic font "sans,11"
set grid
set key top left

set output "ingest.svg"
set title "Scenario 1: durable ingest, closed loop (same run, interleaved)"
set logscale x 2
set xlabel "calls in flight"
set ylabel "calls answered per second"
plot "ingest.dat" using 1:2 with linespoints lw 2 title "bare gRPC echo (framework limit)", \
     "ingest.dat" using 1:6 with linespoints lw 2 title "durable echo (echo + event log, no core)", \
     "ingest.dat" using 1:3 with linespoints lw 2 title "dispatcher (durable: fsync before answer)"

