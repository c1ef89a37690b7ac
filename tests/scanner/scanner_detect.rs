//! Port listing from a sysfs tree (built in a temp dir) and matching ports to profiles.

use kasse::config::Scanner;
use kasse::scanner::detect::{auto_detect, list_ports_sysfs};
use kasse::scanner::{builtin_profiles, match_profile, plan, PortInfo, ProfileError, UsbInfo};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

struct FakeSys {
    dir: tempfile::TempDir,
}

impl FakeSys {
    fn new() -> FakeSys {
        let f = FakeSys {
            dir: tempfile::tempdir().unwrap(),
        };
        for d in [
            "sys/class/tty",
            "dev/serial/by-id",
            "sys/bus/usb/drivers",
            "sys/bus/platform/drivers/serial8250",
        ] {
            std::fs::create_dir_all(f.root().join(d)).unwrap();
        }
        f
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(dir: &Path, file: &str, value: &str) {
        std::fs::write(dir.join(file), format!("{value}\n")).unwrap();
    }

    /// A USB device with one interface; returns the interface directory.
    fn usb_device(
        &self,
        bus_port: &str,
        vid: &str,
        pid: &str,
        names: Option<(&str, &str)>,
    ) -> PathBuf {
        let dev = self
            .root()
            .join("sys/devices/pci0000:00/usb1")
            .join(bus_port);
        let iface = dev.join(format!("{bus_port}:1.0"));
        std::fs::create_dir_all(&iface).unwrap();
        Self::write(&dev, "idVendor", vid);
        Self::write(&dev, "idProduct", pid);
        if let Some((maker, product)) = names {
            Self::write(&dev, "manufacturer", maker);
            Self::write(&dev, "product", product);
            Self::write(&dev, "serial", "SN123");
        }
        iface
    }

    fn driver(&self, device: &Path, driver: &str) {
        let d = self.root().join("sys/bus/usb/drivers").join(driver);
        std::fs::create_dir_all(&d).unwrap();
        symlink(&d, device.join("driver")).unwrap();
    }

    fn tty(&self, name: &str, device: Option<&Path>) {
        let t = self.root().join("sys/class/tty").join(name);
        std::fs::create_dir_all(&t).unwrap();
        if let Some(device) = device {
            symlink(device, t.join("device")).unwrap();
        }
    }

    fn list(&self) -> Vec<PortInfo> {
        list_ports_sysfs(
            &self.root().join("sys/class/tty"),
            &self.root().join("dev"),
            &self.root().join("dev/serial/by-id"),
        )
    }
}

/// The machine of a shop with three CDC scanners, a USB-serial cable, a UART and a console.
fn shop() -> FakeSys {
    let f = FakeSys::new();
    let honeywell = f.usb_device("1-1", "0c2e", "0b6a", Some(("Honeywell", "Voyager 1450g")));
    f.driver(&honeywell, "cdc_acm");
    f.tty("ttyACM0", Some(&honeywell));
    let newland = f.usb_device("1-2", "1eab", "8306", Some(("Newland", "HR22")));
    f.driver(&newland, "cdc_acm");
    f.tty("ttyACM1", Some(&newland));
    let unknown = f.usb_device("1-3", "1fbb", "3850", None);
    f.driver(&unknown, "cdc_acm");
    f.tty("ttyACM2", Some(&unknown));
    // A USB-serial converter: the tty hangs one level below the interface.
    let ftdi_iface = f.usb_device("1-4", "0403", "6001", Some(("FTDI", "FT232R USB UART")));
    let ftdi_port = ftdi_iface.join("ttyUSB0");
    std::fs::create_dir_all(&ftdi_port).unwrap();
    f.driver(&ftdi_port, "ftdi_sio");
    f.tty("ttyUSB0", Some(&ftdi_port));
    // The kernel's placeholder UART (no hardware behind it) and a real one on the mainboard.
    let placeholder = f
        .root()
        .join("sys/devices/platform/serial8250/serial8250:0/serial8250:0.1");
    std::fs::create_dir_all(&placeholder).unwrap();
    symlink(
        f.root().join("sys/bus/platform/drivers/serial8250"),
        placeholder.join("driver"),
    )
    .unwrap();
    f.tty("ttyS1", Some(&placeholder));
    let uart = f.root().join("sys/devices/pnp0/00:05/00:05:0/00:05:0.0");
    std::fs::create_dir_all(&uart).unwrap();
    f.tty("ttyS0", Some(&uart));
    f.tty("tty1", None);
    symlink(
        "../../ttyACM0",
        f.root()
            .join("dev/serial/by-id/usb-Honeywell_Voyager_1450g_SN123-if00"),
    )
    .unwrap();
    f
}

#[test]
fn sysfs_listing_reads_usb_identity_driver_and_stable_path() {
    let f = shop();
    let ports = f.list();
    let names: Vec<&str> = ports
        .iter()
        .map(|p| p.path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        ["ttyACM0", "ttyACM1", "ttyACM2", "ttyS0", "ttyUSB0"],
        "no placeholder UART, no console"
    );

    let acm0 = &ports[0];
    assert_eq!(
        acm0.path,
        f.root().join("dev/ttyACM0").display().to_string()
    );
    assert_eq!(acm0.driver.as_deref(), Some("cdc_acm"));
    assert_eq!(
        acm0.usb,
        Some(UsbInfo {
            vid: 0x0c2e,
            pid: 0x0b6a,
            manufacturer: Some("Honeywell".into()),
            product: Some("Voyager 1450g".into()),
            serial: Some("SN123".into()),
        })
    );
    assert!(acm0
        .by_id
        .as_deref()
        .unwrap()
        .ends_with("usb-Honeywell_Voyager_1450g_SN123-if00"));
    assert_eq!(
        acm0.usb.as_ref().unwrap().to_string(),
        "0c2e:0b6a Honeywell Voyager 1450g"
    );

    assert_eq!(
        (ports[3].usb.as_ref(), ports[3].driver.as_ref()),
        (None, None)
    );
    let usb0 = &ports[4];
    assert_eq!(usb0.driver.as_deref(), Some("ftdi_sio"));
    assert_eq!(
        usb0.usb.as_ref().map(|u| (u.vid, u.pid)),
        Some((0x0403, 0x6001))
    );
    assert_eq!(ports[2].usb.as_ref().unwrap().product, None);
}

#[test]
fn a_missing_sysfs_gives_no_ports_rather_than_an_error() {
    let nowhere = Path::new("/nonexistent/kasse-test");
    assert!(list_ports_sysfs(nowhere, nowhere, nowhere).is_empty());
}

fn port(vid: u16, pid: u16, driver: &str) -> PortInfo {
    PortInfo {
        path: "/dev/ttyACM0".into(),
        by_id: None,
        driver: Some(driver.into()),
        usb: Some(UsbInfo {
            vid,
            pid,
            manufacturer: None,
            product: None,
            serial: None,
        }),
    }
}

#[test]
fn ports_match_the_most_specific_profile() {
    let profiles = builtin_profiles();
    let id = |p: &PortInfo| match_profile(p, &profiles).map(|p| p.id.clone());
    let cases = [
        (
            port(0x0c2e, 0x0b6a, "cdc_acm"),
            Some("honeywell-voyager-1450g-cdc"),
        ),
        (port(0x05e0, 0x1900, "cdc_acm"), Some("zebra-ds4608-cdc")),
        (
            port(0x05f9, 0x4204, "cdc_acm"),
            Some("datalogic-quickscan-usbcom"),
        ),
        (port(0x1eab, 0x8306, "cdc_acm"), Some("newland-hr-cdc")),
        (port(0x1eab, 0x0c06, "cdc_acm"), Some("newland-hr-cdc")),
        // A Newland in another mode: the vendor is right, the product id is not a CDC one.
        (port(0x1eab, 0x0d10, "cdc_acm"), Some("generic-cdc-acm")),
        (port(0x1fbb, 0x3850, "cdc_acm"), Some("generic-cdc-acm")),
        (port(0x0403, 0x6001, "ftdi_sio"), None),
    ];
    for (p, want) in cases {
        assert_eq!(id(&p).as_deref(), want, "{:?}", p.usb);
    }
    let no_usb = PortInfo {
        usb: None,
        ..port(0, 0, "pl2303")
    };
    assert_eq!(id(&no_usb), None);
}

#[test]
fn auto_detection_prefers_the_best_known_scanner_and_its_stable_path() {
    let f = shop();
    let profiles = builtin_profiles();
    let ports = f.list();
    let (found, profile) = auto_detect(&ports, &profiles).unwrap();
    assert_eq!(profile.id, "newland-hr-cdc");
    assert!(found.path.ends_with("ttyACM1"));

    let cfg = Scanner {
        port: None,
        profile: None,
        profile_dir: PathBuf::from("scanner-profiles"),
    };
    let only_honeywell: Vec<PortInfo> = ports
        .iter()
        .filter(|p| p.path.ends_with("ACM0"))
        .cloned()
        .collect();
    let setup = plan(&cfg, &profiles, &only_honeywell).unwrap();
    let (path, p) = setup.serial.unwrap();
    assert!(path.contains("/dev/serial/by-id/"), "{path}");
    assert_eq!(p.id, "honeywell-voyager-1450g-cdc");
    assert_eq!(setup.wedge_profile.as_deref(), Some("generic-hid-wedge"));
}

#[test]
fn configured_port_and_profile_win_over_detection() {
    let f = shop();
    let profiles = builtin_profiles();
    let ports = f.list();
    let cfg = |port: Option<&str>, profile: Option<&str>| Scanner {
        port: port.map(String::from),
        profile: profile.map(String::from),
        profile_dir: PathBuf::from("scanner-profiles"),
    };

    let s = plan(&cfg(Some("/dev/ttyUSB7"), None), &profiles, &ports).unwrap();
    let (port, p) = s.serial.unwrap();
    assert_eq!(
        (port.as_str(), p.id.as_str()),
        ("/dev/ttyUSB7", "generic-cdc-acm")
    );

    let acm0 = ports[0].path.clone();
    let s = plan(&cfg(Some(&acm0), None), &profiles, &ports).unwrap();
    assert_eq!(s.serial.unwrap().1.id, "honeywell-voyager-1450g-cdc");

    let s = plan(&cfg(Some("/tmp/pty"), Some("simulated")), &profiles, &ports).unwrap();
    assert_eq!(s.serial.unwrap().1.id, "simulated");

    let s = plan(&cfg(None, Some("zebra-ds2208-wedge")), &profiles, &ports).unwrap();
    assert!(
        s.serial.is_none(),
        "a chosen wedge profile means no serial reader"
    );
    assert_eq!(s.wedge_profile.as_deref(), Some("zebra-ds2208-wedge"));
    assert_eq!(s.wedge.remap.get(&'-'), Some(&'/'));

    let s = plan(&cfg(None, None), &profiles, &[]).unwrap();
    assert!(s.serial.is_none());

    let err = plan(&cfg(None, Some("nope")), &profiles, &ports).unwrap_err();
    assert!(matches!(err, ProfileError::Unknown { .. }), "{err}");
}
