# Whisper's front end: 16 kHz audio, 25 ms Hann windows (400 samples) every 10 ms (160
# samples), log10 mel power clamped to 8 decades below the loudest bin, then scaled by 1/4.
# A model built for another rate (config.sample_rate) keeps the 400-sample window and the
# 160-sample hop and spans its mel filters up to that rate's Nyquist frequency.
SAMPLE_RATE = 16000
N_FFT = 400
HOP_LENGTH = 160


def read_wav(path) -> tuple:
    """(mono float32 samples in [-1, 1], sample rate) of a PCM WAV file, read with the
    standard-library wave module: 8-bit unsigned, 16-, 24- or 32-bit signed samples; channels
    are averaged."""
    try:
        with wave.open(str(path), "rb") as file:
            channels, width, rate = file.getnchannels(), file.getsampwidth(), file.getframerate()
            raw = file.readframes(file.getnframes())
    except (wave.Error, EOFError) as error:
        raise SystemExit(f"error: {path}: not a PCM WAV file the wave module reads ({error}); convert it, e.g. ffmpeg -i IN -ac 1 -ar {SAMPLE_RATE} -c:a pcm_s16le OUT.wav") from None
    if width == 1:
        samples = (torch.frombuffer(bytearray(raw), dtype=torch.uint8).float() - 128.0) / 128.0
    elif width == 2:
        samples = torch.frombuffer(bytearray(raw), dtype=torch.int16).float() / 32768.0
    elif width == 3:
        # Little-endian 24-bit: place the three bytes in the top of an int32, then shift back.
        triples = torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(-1, 3).int()
        packed = (triples[:, 0] << 8) | (triples[:, 1] << 16) | (triples[:, 2] << 24)
        samples = (packed >> 8).float() / 8388608.0
    elif width == 4:
        samples = torch.frombuffer(bytearray(raw), dtype=torch.int32).float() / 2147483648.0
    else:
        raise SystemExit(f"error: {path}: {8 * width}-bit samples are not supported")
    return samples.view(-1, channels).mean(dim=1), rate


def resample(samples: torch.Tensor, rate: int, target: int) -> torch.Tensor:
    """Band-limited resampling in the frequency domain: keep (or zero-pad) the spectrum up to
    the lower Nyquist frequency and transform back at the new length."""
    if rate == target:
        return samples
    length = max(1, round(samples.shape[-1] * target / rate))
    spectrum = torch.fft.rfft(samples.double())
    bins = length // 2 + 1
    if spectrum.shape[-1] >= bins:
        spectrum = spectrum[..., :bins]
    else:
        spectrum = F.pad(spectrum, (0, bins - spectrum.shape[-1]))
    return (torch.fft.irfft(spectrum, n=length) * (length / samples.shape[-1])).float()


def mel_filters(bins: int, n_fft: int = N_FFT, rate: int = SAMPLE_RATE) -> torch.Tensor:
    """(bins, n_fft // 2 + 1) triangular filters evenly spaced on the mel scale (Slaney's:
    linear below 1 kHz, logarithmic above) from 0 Hz to Nyquist, each of unit area."""

    def to_mel(hz: torch.Tensor) -> torch.Tensor:
        linear = hz / (200.0 / 3.0)
        return torch.where(hz < 1000.0, linear, 15.0 + torch.log(hz / 1000.0) / (math.log(6.4) / 27.0))

    def to_hz(mel: torch.Tensor) -> torch.Tensor:
        return torch.where(mel < 15.0, mel * (200.0 / 3.0), 1000.0 * torch.exp((mel - 15.0) * (math.log(6.4) / 27.0)))

    frequencies = torch.linspace(0.0, rate / 2.0, n_fft // 2 + 1, dtype=torch.float64)
    edges = to_hz(torch.linspace(0.0, float(to_mel(torch.tensor(rate / 2.0, dtype=torch.float64))), bins + 2, dtype=torch.float64))
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (frequencies[None, :] - lower) / (centre - lower)
    falling = (upper - frequencies[None, :]) / (upper - centre)
    triangles = torch.clamp(torch.minimum(rising, falling), min=0.0)
    return (triangles * (2.0 / (upper - lower))).float()


def log_mel(samples: torch.Tensor, bins: int, frames: int, rate: int = SAMPLE_RATE) -> torch.Tensor:
    """(bins, frames) log-mel features of a clip sampled at rate Hz, zero-padded or cut to
    frames hops."""
    length = frames * HOP_LENGTH
    samples = F.pad(samples[:length], (0, max(0, length - samples.shape[-1])))
    spectrum = torch.stft(samples, N_FFT, HOP_LENGTH, window=torch.hann_window(N_FFT), return_complex=True)
    power = spectrum[:, :frames].abs() ** 2
    mel = torch.log10(torch.clamp(mel_filters(bins, rate=rate) @ power, min=1e-10))
    mel = torch.maximum(mel, mel.max() - 8.0)
    return (mel + 4.0) / 4.0
