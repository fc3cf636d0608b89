def read_netpbm(path) -> torch.Tensor:
    """A binary PPM (P6) or PGM (P5) image as a float tensor (3, height, width) in [0, 1];
    grey images are repeated over the three channels."""
    raw = pathlib.Path(path).read_bytes()
    fields, position = [], 0
    while len(fields) < 4:
        while raw[position : position + 1].isspace():
            position += 1
        if raw[position : position + 1] == b"#":
            position = raw.index(b"\n", position)
            continue
        end = position
        while not raw[end : end + 1].isspace():
            end += 1
        fields.append(raw[position:end])
        position = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic not in (b"P5", b"P6"):
        raise ValueError(f"{path}: only binary PPM (P6) and PGM (P5) images are supported")
    channels = 3 if magic == b"P6" else 1
    count = width * height * channels
    pixels = raw[position + 1 :]
    if maxval < 256:
        values = torch.frombuffer(bytearray(pixels[:count]), dtype=torch.uint8).float()
    else:
        # 16-bit samples are big-endian.
        wide = torch.frombuffer(bytearray(pixels[: 2 * count]), dtype=torch.uint8).view(-1, 2).long()
        values = (wide[:, 0] * 256 + wide[:, 1]).float()
    image = (values / maxval).view(height, width, channels).permute(2, 0, 1)
    return image.expand(3, -1, -1) if channels == 1 else image


def load_image(path, config) -> torch.Tensor:
    """A PPM/PGM file resized to the model's image_size and scaled to [-1, 1]: (3, H, W)."""
    height, width = config.image_size
    image = read_netpbm(path).unsqueeze(0)
    resized = F.interpolate(image, size=(height, width), mode="bilinear", align_corners=False)
    return (resized.squeeze(0) - 0.5) / 0.5
