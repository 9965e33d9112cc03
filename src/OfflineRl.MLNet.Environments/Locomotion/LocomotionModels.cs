namespace OfflineRl.MLNet.Environments;

/// <summary>
/// MJCF of the three D4RL locomotion bodies, with the bodies, joints, geoms, gears, ranges, contact parameters and time
/// steps of Gymnasium's v4 assets (half_cheetah.xml, hopper.xml, walker2d.xml — the last two in the local-coordinate form
/// Gymnasium adopted, which MuJoCo 2.2.2 and later compile alike). Only physics is kept: no lights, cameras, textures
/// or colours.
/// </summary>
internal static class LocomotionModels
{
    /// <summary>HalfCheetah: a planar body with two three-joint legs; 9 positions, 6 motors; 0.01 s steps.</summary>
    public const string HalfCheetah = """
        <mujoco model="cheetah">
          <compiler angle="radian" coordinate="local" inertiafromgeom="true" settotalmass="14"/>
          <size nstack="300000"/>
          <option gravity="0 0 -9.81" timestep="0.01"/>
          <default>
            <joint armature=".1" damping=".01" limited="true" solimplimit="0 .8 .03" solreflimit=".02 1" stiffness="8"/>
            <geom conaffinity="0" condim="3" contype="1" friction=".4 .1 .1" solimp="0.0 0.8 0.01" solref="0.02 1"/>
            <motor ctrllimited="true" ctrlrange="-1 1"/>
          </default>
          <worldbody>
            <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1" condim="3"/>
            <body name="torso" pos="0 0 .7">
              <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
              <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
              <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
              <geom name="torso" type="capsule" fromto="-.5 0 0 .5 0 0" size="0.046"/>
              <geom name="head" type="capsule" pos=".6 0 .1" axisangle="0 1 0 .87" size="0.046 .15"/>
              <body name="bthigh" pos="-.5 0 0">
                <joint name="bthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-.52 1.05" stiffness="240" damping="6"/>
                <geom name="bthigh" type="capsule" pos=".1 0 -.13" axisangle="0 1 0 -3.8" size="0.046 .145"/>
                <body name="bshin" pos=".16 0 -.25">
                  <joint name="bshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-.785 .785" stiffness="180" damping="4.5"/>
                  <geom name="bshin" type="capsule" pos="-.14 0 -.07" axisangle="0 1 0 -2.03" size="0.046 .15"/>
                  <body name="bfoot" pos="-.28 0 -.14">
                    <joint name="bfoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-.4 .785" stiffness="120" damping="3"/>
                    <geom name="bfoot" type="capsule" pos=".03 0 -.097" axisangle="0 1 0 -.27" size="0.046 .094"/>
                  </body>
                </body>
              </body>
              <body name="fthigh" pos=".5 0 0">
                <joint name="fthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-1 .7" stiffness="180" damping="4.5"/>
                <geom name="fthigh" type="capsule" pos="-.07 0 -.12" axisangle="0 1 0 .52" size="0.046 .133"/>
                <body name="fshin" pos="-.14 0 -.24">
                  <joint name="fshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-1.2 .87" stiffness="120" damping="3"/>
                  <geom name="fshin" type="capsule" pos=".065 0 -.09" axisangle="0 1 0 -.6" size="0.046 .106"/>
                  <body name="ffoot" pos=".13 0 -.18">
                    <joint name="ffoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-.5 .5" stiffness="60" damping="1.5"/>
                    <geom name="ffoot" type="capsule" pos=".045 0 -.07" axisangle="0 1 0 -.6" size="0.046 .07"/>
                  </body>
                </body>
              </body>
            </body>
          </worldbody>
          <actuator>
            <motor name="bthigh" joint="bthigh" gear="120"/>
            <motor name="bshin" joint="bshin" gear="90"/>
            <motor name="bfoot" joint="bfoot" gear="60"/>
            <motor name="fthigh" joint="fthigh" gear="120"/>
            <motor name="fshin" joint="fshin" gear="60"/>
            <motor name="ffoot" joint="ffoot" gear="30"/>
          </actuator>
        </mujoco>
        """;

    /// <summary>Hopper: a one-legged planar body; 6 positions, 3 motors; RK4 at 0.002 s.</summary>
    public const string Hopper = """
        <mujoco model="hopper">
          <compiler angle="degree" inertiafromgeom="true"/>
          <option integrator="RK4" timestep="0.002"/>
          <default>
            <joint armature="1" damping="1" limited="true"/>
            <geom conaffinity="1" condim="1" contype="1" margin="0.001" solimp=".8 .8 .01" solref=".02 1"/>
            <motor ctrllimited="true" ctrlrange="-.4 .4"/>
          </default>
          <worldbody>
            <geom name="floor" type="plane" pos="0 0 0" size="20 20 .125" conaffinity="1" condim="3"/>
            <body name="torso" pos="0 0 1.25">
              <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" armature="0" damping="0" stiffness="0" limited="false"/>
              <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" armature="0" damping="0" stiffness="0" limited="false"/>
              <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
              <geom name="torso_geom" type="capsule" size="0.05 0.19999999999999996" friction="0.9"/>
              <body name="thigh" pos="0 0 -0.19999999999999996">
                <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
                <geom name="thigh_geom" type="capsule" pos="0 0 -0.22500000000000009" size="0.05 0.22500000000000003" friction="0.9"/>
                <body name="leg" pos="0 0 -0.70000000000000007">
                  <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
                  <geom name="leg_geom" type="capsule" size="0.04 0.25" friction="0.9"/>
                  <body name="foot" pos="0.13 0 -0.35">
                    <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="-0.13 0 0.1" range="-45 45"/>
                    <geom name="foot_geom" type="capsule" pos="-0.065 0 0.1" quat="0.70710678118654757 0 -0.70710678118654746 0" size="0.06 0.195" friction="2.0"/>
                  </body>
                </body>
              </body>
            </body>
          </worldbody>
          <actuator>
            <motor joint="thigh_joint" gear="200.0" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="leg_joint" gear="200.0" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="foot_joint" gear="200.0" ctrllimited="true" ctrlrange="-1.0 1.0"/>
          </actuator>
        </mujoco>
        """;

    /// <summary>Walker2d: a two-legged planar body; 9 positions, 6 motors; RK4 at 0.002 s. The left foot's friction is
    /// 1.9, as in v4 (v5 made it 0.9).</summary>
    public const string Walker2d = """
        <mujoco model="walker2d">
          <compiler angle="degree" inertiafromgeom="true"/>
          <option integrator="RK4" timestep="0.002"/>
          <default>
            <joint armature="0.01" damping=".1" limited="true"/>
            <geom conaffinity="0" condim="3" contype="1" density="1000" friction=".7 .1 .1"/>
          </default>
          <worldbody>
            <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1" condim="3"/>
            <body name="torso" pos="0 0 1.25">
              <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" armature="0" damping="0" stiffness="0" limited="false"/>
              <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" armature="0" damping="0" stiffness="0" limited="false"/>
              <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
              <geom name="torso_geom" type="capsule" size="0.050000000000000003 0.19999999999999996" friction="0.9"/>
              <body name="thigh" pos="0 0 -0.19999999999999996">
                <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
                <geom name="thigh_geom" type="capsule" pos="0 0 -0.22500000000000009" size="0.050000000000000003 0.22500000000000003" friction="0.9"/>
                <body name="leg" pos="0 0 -0.70000000000000007">
                  <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
                  <geom name="leg_geom" type="capsule" size="0.040000000000000001 0.25" friction="0.9"/>
                  <body name="foot" pos="0.20000000000000001 0 -0.34999999999999998">
                    <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="-0.20000000000000001 0 0.10000000000000001" range="-45 45"/>
                    <geom name="foot_geom" type="capsule" pos="-0.10000000000000001 0 0.10000000000000001" quat="0.70710678118654757 0 -0.70710678118654746 0" size="0.059999999999999998 0.10000000000000001" friction="0.9"/>
                  </body>
                </body>
              </body>
              <body name="thigh_left" pos="0 0 -0.19999999999999996">
                <joint name="thigh_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
                <geom name="thigh_left_geom" type="capsule" pos="0 0 -0.22500000000000009" size="0.050000000000000003 0.22500000000000003" friction="0.9"/>
                <body name="leg_left" pos="0 0 -0.70000000000000007">
                  <joint name="leg_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
                  <geom name="leg_left_geom" type="capsule" size="0.040000000000000001 0.25" friction="0.9"/>
                  <body name="foot_left" pos="0.20000000000000001 0 -0.34999999999999998">
                    <joint name="foot_left_joint" type="hinge" axis="0 -1 0" pos="-0.20000000000000001 0 0.10000000000000001" range="-45 45"/>
                    <geom name="foot_left_geom" type="capsule" pos="-0.10000000000000001 0 0.10000000000000001" quat="0.70710678118654757 0 -0.70710678118654746 0" size="0.059999999999999998 0.10000000000000001" friction="1.9"/>
                  </body>
                </body>
              </body>
            </body>
          </worldbody>
          <actuator>
            <motor joint="thigh_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="leg_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="foot_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="thigh_left_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="leg_left_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
            <motor joint="foot_left_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
          </actuator>
        </mujoco>
        """;
}
