# Figure 2 of docs/performance.md, from fanout.dat (siaga_bench; bench/run runs this in
# bench/results/).
set terminal svg size 720,420 dynamic font "sans,11"
set grid
set key top left

set output "fanout.svg"
set title "Scenario 2: report -> delivery at 50% of saturation"
set logscale x 2
set logscale y 10
set xlabel "watchers K (one connection each)"
set ylabel "latency, ms"
set key top left
plot "fanout.dat" using 1:3 with linespoints lw 2 title "bare push p99", \
     "fanout.dat" using 1:7 with linespoints lw 2 title "durable push p99 (no core)", \
     "fanout.dat" using 1:5 with linespoints lw 2 title "dispatcher p99", \
     "fanout.dat" using 1:2 with linespoints dt 2 title "bare push p50", \
     "fanout.dat" using 1:4 with linespoints dt 2 title "dispatcher p50"
