//! Listening sockets for the lab's servers.

use std::io;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpSocket};

/// Pending connections each listener queues before accepting them. Thousands of desktops
/// connecting at once (a shift start, a failover) overflowed the usual 1,024: the kernel
/// dropped their SYNs and they retried a second later. Linux caps it at
/// `net.core.somaxconn` (4,096 by default).
pub(crate) const BACKLOG: u32 = 4096;

/// Binds a TCP listener on `addr` with [`BACKLOG`] (and `SO_REUSEADDR`, as
/// `TcpListener::bind` sets it, so a restarted lab gets its ports back at once).
pub(crate) fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn binds_a_free_port_and_accepts() {
        let listener = bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        assert_ne!(addr.port(), 0);
        let (client, accepted) =
            tokio::join!(tokio::net::TcpStream::connect(addr), listener.accept());
        assert!(client.is_ok() && accepted.is_ok());
    }
}
