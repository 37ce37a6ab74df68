//! The configuration file (`--config FILE` or `HUIXIANG_CONFIG`): `NAME=value` lines with the
//! same names as the environment variables, so one file can serve both `huixiang --config` and
//! systemd's `EnvironmentFile=`. Blank lines and lines starting with `#` are skipped; a value may
//! be quoted. A command-line flag wins over the environment, which wins over the file, which
//! wins over the default. A name no option knows is an error, not a silent no-op.

use anyhow::{Context, Result, bail};
use clap::{ArgAction, CommandFactory};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;

/// The variable naming the file when `--config` is not given.
pub const CONFIG_ENV: &str = "HUIXIANG_CONFIG";

/// Settings read from a file that are not options of a command.
pub const EXTRA: &[&str] = &["RUST_LOG"];

/// The settings of a configuration file, by name.
pub type Settings = BTreeMap<String, String>;

/// Reads `NAME=value` lines; `known` tells which names mean something.
pub fn parse(text: &str, known: &dyn Fn(&str) -> bool) -> Result<Settings> {
    let mut settings = Settings::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            bail!("line {}: expected NAME=value, found {line:?}", n + 1);
        };
        let name = name.trim();
        if !known(name) {
            bail!("line {}: {name} is not a setting of huixiang", n + 1);
        }
        let value = value.trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
            .unwrap_or(value);
        settings.insert(name.to_owned(), value.to_owned());
    }
    Ok(settings)
}

/// The path given by `--config PATH`, `--config=PATH` or `HUIXIANG_CONFIG`, and the arguments
/// without `--config`.
fn config_path(args: Vec<OsString>) -> (Option<OsString>, Vec<OsString>) {
    let mut path = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty());
    let mut rest = Vec::with_capacity(args.len());
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--config" {
            path = args.next();
        } else if let Some(p) = arg.to_str().and_then(|a| a.strip_prefix("--config=")) {
            path = Some(p.into());
        } else {
            rest.push(arg);
        }
    }
    (path, rest)
}

/// The command line with the file's settings added as flags where neither the command line nor
/// the environment gives them; and the file's settings that are not flags (`RUST_LOG`).
pub fn apply<C: CommandFactory>(args: Vec<OsString>) -> Result<(Vec<OsString>, Settings)> {
    let (path, mut args) = config_path(args);
    let Some(path) = path else {
        return Ok((args, Settings::new()));
    };
    let path = Path::new(&path);
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    let command = C::command();
    let mut names = Vec::new();
    env_names(&command, &mut names);
    let settings = parse(&text, &|name| {
        EXTRA.contains(&name) || names.iter().any(|n| n == name)
    })
    .with_context(|| format!("configuration file {}", path.display()))?;

    // The command being run: its options, and the root's global ones.
    let mut current = &command;
    let mut options: Vec<&clap::Arg> = command.get_arguments().collect();
    for arg in args.iter().skip(1) {
        let Some(sub) = arg.to_str().and_then(|a| current.find_subcommand(a)) else {
            continue;
        };
        current = sub;
        options.extend(sub.get_arguments());
    }
    let given = |long: &str| {
        args.iter().any(|a| {
            a.to_str().is_some_and(|a| {
                a.strip_prefix("--")
                    .is_some_and(|a| a == long || a.starts_with(&format!("{long}=")))
            })
        })
    };
    let mut added = Vec::new();
    for option in options {
        let (Some(env), Some(long)) = (option.get_env(), option.get_long()) else {
            continue;
        };
        let Some(value) = env.to_str().and_then(|e| settings.get(e)) else {
            continue;
        };
        if std::env::var_os(env).is_some() || given(long) {
            continue;
        }
        match option.get_action() {
            ArgAction::SetTrue => {
                if !matches!(
                    value.to_ascii_lowercase().as_str(),
                    "" | "0" | "false" | "no" | "off"
                ) {
                    added.push(OsString::from(format!("--{long}")));
                }
            }
            _ => added.push(OsString::from(format!("--{long}={value}"))),
        }
    }
    args.extend(added);
    let extra = settings
        .into_iter()
        .filter(|(name, _)| EXTRA.contains(&name.as_str()) && std::env::var_os(name).is_none())
        .collect();
    Ok((args, extra))
}

/// Every environment variable an option of `command` or its subcommands reads.
fn env_names(command: &clap::Command, names: &mut Vec<String>) {
    for arg in command.get_arguments() {
        if let Some(env) = arg.get_env().and_then(|e| e.to_str()) {
            names.push(env.to_owned());
        }
    }
    for sub in command.get_subcommands() {
        env_names(sub, names);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(subcommand)]
        command: Sub,
        #[arg(long, global = true, env = "HXT_FORMAT", default_value = "text")]
        format: String,
    }

    #[derive(clap::Subcommand, Debug)]
    enum Sub {
        Serve {
            #[arg(long, env = "HXT_LISTEN", default_value = "127.0.0.1:8080")]
            listen: String,
            #[arg(long, env = "HXT_SWEEP", default_value_t = 300)]
            sweep: u64,
            #[arg(long, env = "HXT_SECURE")]
            secure: bool,
            #[arg(long, env = "HXT_PROXY")]
            proxy: bool,
        },
    }

    fn run(args: &[&str], file: &str) -> (Cli, Settings) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huixiang.conf");
        std::fs::write(&path, file).unwrap();
        let mut args: Vec<OsString> = args.iter().map(OsString::from).collect();
        args.push("--config".into());
        args.push(path.into_os_string());
        let (args, extra) = apply::<Cli>(args).unwrap();
        (Cli::try_parse_from(args).unwrap(), extra)
    }

    #[test]
    fn the_file_fills_in_what_the_command_line_does_not_give() {
        let file = "# a comment\n\nHXT_LISTEN = \"127.0.0.1:9000\"\nHXT_SWEEP=60\nHXT_SECURE=true\n\
                    HXT_PROXY=off\nHXT_FORMAT='json'\nRUST_LOG=debug\n";
        let (cli, extra) = run(&["huixiang", "serve", "--sweep", "5"], file);
        let Sub::Serve {
            listen,
            sweep,
            secure,
            proxy,
        } = cli.command;
        assert_eq!(listen, "127.0.0.1:9000");
        assert_eq!(sweep, 5, "the command line wins");
        assert!(secure);
        assert!(!proxy);
        assert_eq!(cli.format, "json");
        assert_eq!(extra.get("RUST_LOG").map(String::as_str), Some("debug"));
        let (cli, _) = run(&["huixiang", "serve", "--sweep=7"], "HXT_SWEEP=60\n");
        let Sub::Serve { sweep, .. } = cli.command;
        assert_eq!(sweep, 7);
    }

    #[test]
    fn an_unknown_name_or_a_line_without_a_value_is_an_error() {
        let known = |name: &str| name == "HXT_LISTEN";
        let typo = parse("HXT_LISTN=127.0.0.1:1\n", &known).unwrap_err();
        assert!(
            typo.to_string()
                .contains("line 1: HXT_LISTN is not a setting"),
            "{typo}"
        );
        let bare = parse("# listen\nHXT_LISTEN\n", &known).unwrap_err();
        assert!(
            bare.to_string().contains("line 2: expected NAME=value"),
            "{bare}"
        );
        let fine = parse("HXT_LISTEN=a=b\n", &known).unwrap();
        assert_eq!(fine["HXT_LISTEN"], "a=b");
    }
}
