//! A throwaway `redis-server` for the fleet tests: on `127.0.0.1`, a port chosen at start, a
//! directory of its own, stopped (and its directory removed) when dropped.
//!
//! ```no_run
//! use signing_testing::redis_server::{Persistence, RedisServer};
//!
//! let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
//!     return; // no redis-server binary here: skipped, with a message on stderr
//! };
//! println!("{}", redis.url()); // redis://127.0.0.1:PORT/
//! ```

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What the server writes to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Nothing (`--save '' --appendonly no`): a restart forgets every key.
    None,
    /// The append-only file, fsynced before each write is answered (`--appendonly yes
    /// --appendfsync always`): a write Redis acknowledged survives a crash of Redis.
    AofAlways,
}

/// A running `redis-server` child process.
#[derive(Debug)]
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
    persistence: Persistence,
}

impl RedisServer {
    /// Starts `redis-server` on `127.0.0.1` and a free port. `Ok(None)` when there is no
    /// `redis-server` binary (with a loud message on stderr), unless the environment variable
    /// `CI` is set: CI installs it (`.ci/run`), so there its absence is an error.
    ///
    /// # Errors
    /// The I/O error when the server cannot be started or does not answer `PING` within 10 s.
    pub fn start(persistence: Persistence) -> std::io::Result<Option<RedisServer>> {
        match Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
        {
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                if std::env::var_os("CI").is_some() {
                    return Err(std::io::Error::other(
                        "redis-server is not installed; .ci/run installs it (apt-get install redis-server)",
                    ));
                }
                eprintln!(
                    "\n!!!!!! SKIPPED: no `redis-server` on PATH. The fleet tests need a real Redis: \
                     `apt-get install redis-server` (README, Running a fleet). !!!!!!\n"
                );
                return Ok(None);
            }
            Err(err) => return Err(err),
        }
        let port = free_port()?;
        let dir = std::env::temp_dir().join(format!(
            "signing-redis-{}-{port}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        std::fs::create_dir_all(&dir)?;
        let mut server = RedisServer {
            child: None,
            port,
            dir,
            persistence,
        };
        server.spawn()?;
        Ok(Some(server))
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Sends one inline command (`KEYS *`, `PTTL key`) on a new connection and returns the raw
    /// RESP answer, to look at what a store wrote.
    ///
    /// # Errors
    /// The I/O error when the server cannot be reached.
    pub fn command(&self, line: &str) -> std::io::Result<String> {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        stream.write_all(format!("{line}\r\n").as_bytes())?;
        let mut answer = vec![0u8; 1 << 16];
        let n = stream.read(&mut answer)?;
        answer.truncate(n);
        Ok(String::from_utf8_lossy(&answer).into_owned())
    }

    /// Kills the server at once (SIGKILL: no chance to save anything it had not written).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again, on the same port and directory (so with what it persisted).
    ///
    /// # Errors
    /// As [`RedisServer::start`].
    pub fn restart(&mut self) -> std::io::Result<()> {
        self.kill();
        self.spawn()
    }

    fn spawn(&mut self) -> std::io::Result<()> {
        let mut command = Command::new("redis-server");
        command
            .arg("--port")
            .arg(self.port.to_string())
            .args(["--bind", "127.0.0.1", "--protected-mode", "yes"])
            .args(["--save", ""])
            .arg("--dir")
            .arg(&self.dir)
            .args(["--daemonize", "no", "--loglevel", "warning"]);
        match self.persistence {
            Persistence::None => command.args(["--appendonly", "no"]),
            Persistence::AofAlways => {
                command.args(["--appendonly", "yes", "--appendfsync", "always"])
            }
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ping(self.port) {
                return Ok(());
            }
            if let Some(child) = self.child.as_mut() {
                if let Some(status) = child.try_wait()? {
                    self.child = None;
                    return Err(std::io::Error::other(format!(
                        "redis-server exited at start ({status}) on port {}",
                        self.port
                    )));
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        Err(std::io::Error::other(format!(
            "redis-server did not answer PING on port {} within 10 s",
            self.port
        )))
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A port the OS had free a moment ago.
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Whether a Redis answers `PING` on the port (loading its data set, it answers `-LOADING`).
fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut answer = [0u8; 7];
    matches!(stream.read(&mut answer), Ok(n) if answer[..n].starts_with(b"+PONG"))
}
