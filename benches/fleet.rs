//! Replay checks against a local Redis, next to the in-memory store: checks per second with one
//! check in flight and with 64 in flight (pipelined on the store's one multiplexed
//! connection), and the latency a shared store adds to each request.
//!
//! ```text
//! cargo bench --bench fleet --features redis
//! ```
//!
//! It starts its own `redis-server` (no persistence) on 127.0.0.1 and a free port, and skips
//! with a message when there is none. Loopback only: a network between the servers and Redis
//! adds its round trip to the sequential figure, not to the pipelined throughput.
//! Every check is of a new message, so each is a real `SET NX PX` that succeeds.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use criterion::Throughput;
use signing::replay::{MemoryNonceStore, RedisNonceStore, ReplayGuard};
use signing::Timestamp;
use signing_testing::redis_server::{Persistence, RedisServer};
use support::{Goal, Ratio};

const WINDOW: Duration = Duration::from_secs(1);
const IN_FLIGHT: u64 = 64;

fn main() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let started = SystemTime::now();
    let mut c = support::criterion(Duration::from_millis(500), Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = runtime
        .block_on(RedisNonceStore::builder(redis.url()).connect())
        .unwrap();
    let redis_guard = Arc::new(ReplayGuard::new(store, WINDOW));
    let memory_guard = Arc::new(ReplayGuard::new(MemoryNonceStore::new(8_000_000), WINDOW));
    let counter = Arc::new(AtomicU64::new(0));
    let next = {
        let counter = Arc::clone(&counter);
        move || {
            format!(
                "customerId=c&endUserId=u&n={}",
                counter.fetch_add(1, Ordering::Relaxed)
            )
        }
    };

    let mut group = c.benchmark_group("replay_check");
    group.throughput(Throughput::Elements(1));
    group.bench_function("memory", |b| {
        b.iter(|| {
            let now = Timestamp::now();
            runtime
                .block_on(memory_guard.check_async(next(), now, now))
                .unwrap();
        });
    });
    group.bench_function("redis_sequential", |b| {
        b.iter(|| {
            let now = Timestamp::now();
            runtime
                .block_on(redis_guard.check_async(next(), now, now))
                .unwrap();
        });
    });
    group.finish();

    let mut group = c.benchmark_group("replay_check_64_in_flight");
    group.throughput(Throughput::Elements(IN_FLIGHT));
    {
        let guard = &redis_guard;
        group.bench_function("redis_pipelined", |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(async {
                        let mut set = tokio::task::JoinSet::new();
                        for _ in 0..IN_FLIGHT {
                            let (guard, message) = (Arc::clone(guard), next());
                            set.spawn(async move {
                                let now = Timestamp::now();
                                guard.check_async(message, now, now).await
                            });
                        }
                        while let Some(done) = set.join_next().await {
                            done.unwrap().unwrap();
                        }
                    });
                }
                start.elapsed()
            });
        });
    }
    group.finish();

    c.final_summary();
    support::print_ratios(
        "Replay checks",
        started,
        &[
            Ratio::new(
                "Redis, one check in flight / in memory (time per check)",
                "replay_check/redis_sequential",
                "replay_check/memory",
                Goal::None,
            ),
            Ratio::new(
                "Redis, 64 in flight (time per batch of 64) / one in flight (time per check)",
                "replay_check_64_in_flight/redis_pipelined",
                "replay_check/redis_sequential",
                Goal::None,
            ),
        ],
    );
    drop(redis);
}
