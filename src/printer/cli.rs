//! `kasse printer list` and `kasse printer test`, for staff setting a printer up. Both take
//! `--device` so a printer can be tried before it is written into the config.

use super::escpos::{drawer_kick, encode};
use super::layout::test_page;
use super::profile::{builtin_profiles, find_profile, PrinterProfile};
use super::transport::{deliver, Device, PrinterError, Timeouts};
use super::Reported;
use crate::config::Config;
use anyhow::{Context, Result};

fn chosen(
    config: &Config,
    device: Option<&str>,
    profile: Option<&str>,
) -> Result<(Option<Device>, PrinterProfile)> {
    let device = match device {
        Some(d) => Some(Device::parse(d)?),
        None => config.printer.device.clone(),
    };
    let profile = match profile {
        Some(p) => find_profile(p)?,
        None => config.printer.profile.clone(),
    };
    Ok((device, profile))
}

fn describe(r: Option<Reported>) -> String {
    match r {
        None => {
            "no status (the printer does not answer DLE EOT, or the profile does not ask)".into()
        }
        Some(r) => {
            let mut parts = vec![if r.offline { "offline" } else { "online" }];
            if r.paper_out {
                parts.push("paper out");
            } else if r.paper_low {
                parts.push("paper low");
            }
            if r.cover_open {
                parts.push("cover open");
            }
            if r.drawer_open == Some(true) {
                parts.push("drawer open");
            }
            parts.join(", ")
        }
    }
}

/// Whether the device can be reached now, without printing anything.
async fn reach(device: &Device, profile: &PrinterProfile) -> Result<Option<Reported>, String> {
    match device {
        Device::File(p) => match std::fs::metadata(p) {
            Ok(_) => Ok(None),
            Err(e) => Err(format!("{}: {e}", p.display())),
        },
        _ => deliver(device, profile, &[], Timeouts::default())
            .await
            .map_err(|e| e.to_string()),
    }
}

pub async fn list(config: &Config, device: Option<String>) -> Result<()> {
    let (device, profile) = chosen(config, device.as_deref(), None)?;
    match &device {
        None => println!("printer: none configured (receipts on screen only)"),
        Some(d) => {
            println!("printer: {d} with profile {}", profile.id);
            match reach(d, &profile).await {
                Ok(r) => println!("  reachable: {}", describe(r)),
                Err(e) => println!("  NOT reachable: {e}"),
            }
        }
    }
    println!("\nprofiles:");
    for p in builtin_profiles() {
        println!(
            "  {:<16} {:>2} mm {:>2} cols {:<7} cut {:<7} drawer pin {} {}/{} ms  {}{}",
            p.id,
            p.paper_mm,
            p.columns,
            p.code_page.name(),
            format!("{:?}", p.cut).to_lowercase(),
            p.drawer_pin,
            p.drawer_on_ms,
            p.drawer_off_ms,
            if p.verified { "verified" } else { "UNVERIFIED" },
            if p.status { ", status" } else { "" },
        );
    }
    Ok(())
}

pub async fn test(
    config: &Config,
    device: Option<String>,
    profile: Option<String>,
    drawer: bool,
) -> Result<()> {
    let (device, profile) = chosen(config, device.as_deref(), profile.as_deref())?;
    let device = device.context(
        "no printer: give --device tcp://HOST:PORT, serial:PATH@BAUD or a path, or set printer.device",
    )?;
    let mut bytes = encode(&test_page(&profile.id, profile.columns), &profile);
    if drawer {
        bytes.extend_from_slice(&drawer_kick(&profile));
    }
    let reported = deliver(&device, &profile, &bytes, Timeouts::default())
        .await
        .map_err(|e: PrinterError| anyhow::anyhow!(e))?;
    println!(
        "test page sent to {device} ({} bytes, profile {}{}): {}",
        bytes.len(),
        profile.id,
        if drawer { ", drawer kicked" } else { "" },
        describe(reported)
    );
    Ok(())
}
