//! Development certificates: a self-signed certificate for `localhost`, `127.0.0.1` and the
//! configured host name, generated with rcgen on first run and kept under the data directory
//! so browsers and clients can be told to trust it once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The lab's certificate and key, as PEM files and parsed.
#[derive(Debug)]
pub struct DevCert {
    /// The certificate file (`<data>/tls/lab-cert.pem`).
    pub cert_path: PathBuf,
    /// The private key file (`<data>/tls/lab-key.pem`, mode 0600).
    pub key_path: PathBuf,
    /// The certificate chain (one self-signed certificate).
    pub chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// Whether this run generated the files (false: they were already there).
    pub generated: bool,
}

/// Certificates could not be made or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CertError {
    /// File system trouble.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// rcgen refused to generate.
    #[error("generating the certificate: {0}")]
    Generate(#[from] rcgen::Error),
    /// The PEM files are not a certificate and key.
    #[error("{path}: not a usable PEM file: {reason}")]
    Pem {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// rustls refused the pair.
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CertError + '_ {
    move |source| CertError::Io {
        path: path.to_owned(),
        source,
    }
}

impl DevCert {
    /// Loads `<data_dir>/tls/lab-{cert,key}.pem`, generating them first when missing.
    pub fn load_or_generate(data_dir: &Path, host_name: &str) -> Result<Self, CertError> {
        let dir = data_dir.join("tls");
        let cert_path = dir.join("lab-cert.pem");
        let key_path = dir.join("lab-key.pem");
        let generated = !(cert_path.exists() && key_path.exists());
        if generated {
            std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
            let mut names = vec![
                "localhost".to_owned(),
                "127.0.0.1".to_owned(),
                "::1".to_owned(),
            ];
            if !names.iter().any(|n| n == host_name) {
                names.push(host_name.to_owned());
            }
            let certified = rcgen::generate_simple_self_signed(names)?;
            write_private(&key_path, certified.signing_key.serialize_pem().as_bytes())?;
            std::fs::write(&cert_path, certified.cert.pem()).map_err(io_err(&cert_path))?;
        }
        let chain = CertificateDer::pem_file_iter(&cert_path)
            .and_then(|it| it.collect::<Result<Vec<_>, _>>())
            .map_err(|e| CertError::Pem {
                path: cert_path.clone(),
                reason: e.to_string(),
            })?;
        if chain.is_empty() {
            return Err(CertError::Pem {
                path: cert_path,
                reason: "no certificate".into(),
            });
        }
        let key = PrivateKeyDer::from_pem_file(&key_path).map_err(|e| CertError::Pem {
            path: key_path.clone(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            cert_path,
            key_path,
            chain,
            key,
            generated,
        })
    }

    /// A rustls server configuration presenting this certificate, offering `alpn`
    /// (e.g. `[b"h2", b"http/1.1"]`, or none for XMPP).
    pub fn server_config(&self, alpn: &[&[u8]]) -> Result<Arc<rustls::ServerConfig>, CertError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), self.key.clone_key())?;
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Ok(Arc::new(config))
    }

    /// A rustls client configuration that trusts exactly this certificate (for the lab's own
    /// internal clients, e.g. Finesse calling AXL, and for tests).
    pub fn client_config(&self) -> Result<Arc<rustls::ClientConfig>, CertError> {
        let mut roots = rustls::RootCertStore::empty();
        for cert in &self.chain {
            roots.add(cert.clone())?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}

/// Writes a file readable by its owner only (where the platform has modes).
fn write_private(path: &Path, contents: &[u8]) -> Result<(), CertError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io_err(path))?;
    file.write_all(contents).map_err(io_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("finesse-lab-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn first_run_generates_then_later_runs_reuse() {
        let dir = temp_dir("certs");
        let first = DevCert::load_or_generate(&dir, "lab.example").unwrap();
        assert!(first.generated);
        let second = DevCert::load_or_generate(&dir, "lab.example").unwrap();
        assert!(!second.generated);
        assert_eq!(first.chain, second.chain);
        assert!(second.server_config(&[b"http/1.1"]).is_ok());
        assert!(second.client_config().is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&first.key_path)
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "key readable by others: {mode:o}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_corrupt_certificate_is_an_error_naming_the_file() {
        let dir = temp_dir("corrupt");
        DevCert::load_or_generate(&dir, "localhost").unwrap();
        std::fs::write(dir.join("tls/lab-cert.pem"), "garbage").unwrap();
        let e = DevCert::load_or_generate(&dir, "localhost").unwrap_err();
        assert!(e.to_string().contains("lab-cert.pem"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
